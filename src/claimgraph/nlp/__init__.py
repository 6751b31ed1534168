"""NLP: spaCy over the English segments that can carry claims.

In: Document with segments (clean). Out: `doc.sentences`, `doc.entities` (absolute offsets) and
`doc._spacy[i]`, the spaCy Doc of segment i (its offsets are relative to the segment start).

The packaged English model misreads Levant names (Albu Kamal -> PERSON, Ghouta -> ORG) and tags
Arabic tokens and image file names, so an EntityRuler fed by the actor registry and the gazetteer
runs before `ner` (its patterns handed in by `pipeline.default_stages()`), and NER runs on English
segments only. Arabic segments are read by the lexicon-based stages directly. The ruler is ours
(`phrase_ruler.PhraseRuler`): spaCy's `entity_ruler`'s entities from a trie of the patterns'
token hashes kept in the cache folder, so a start does not tokenize the ~13k patterns again.
"""

from __future__ import annotations

import functools
import logging
import time
import threading
from collections.abc import Callable
from typing import Any, cast

from claimgraph.model import Document, Entity, SegmentKind, Sentence
from claimgraph.resources import SPACY_DISABLE, SPACY_MODEL, cached_build, inputs_key

__all__ = ["NlpStage", "Patterns", "bare_spacy", "english_pipeline", "NLP_KINDS", "sentence_parse"]

log = logging.getLogger(__name__)

#: segments worth parsing: what outlets and speakers say, and comments (kept as opinion)
NLP_KINDS = frozenset(
    {SegmentKind.title, SegmentKind.body, SegmentKind.caption, SegmentKind.comment}
)
_ENGLISH_LIKE = frozenset({"en", "und"})
#: spaCy refuses longer texts by default; ingest caps documents well below this
MAX_SEGMENT_CHARS = 2_500_000


#: the sentences of the document this thread parsed last, by text: lets a later stage that is
#: handed only a sentence's text (the ACLED sub-type classifier) read this stage's parse of it
#: instead of parsing the text again; replaced at each document, so it holds one document's Docs
_LAST = threading.local()


def sentence_parse(text: str) -> Any:
    """This stage's parse of a sentence of the document it parsed last in this thread (a spaCy
    Span whose `.text` is `text`), or None when it parsed no such sentence."""
    return getattr(_LAST, "sents", {}).get(text)


#: a source of EntityRuler patterns: the actor registry's and the gazetteer's names come from
#: stages after this one, so `pipeline.default_stages()` hands them in (`pipeline.ruler_patterns`)
Patterns = Callable[[], list[dict[str, Any]]]


# one model per process and pattern source (the pipeline always passes the same function)
@functools.lru_cache(maxsize=2)
def english_pipeline(patterns: Patterns | None = None):  # type: ignore[no-untyped-def]
    """The packaged English pipeline, with an EntityRuler of `patterns()` before `ner` (ours,
    `phrase_ruler.PhraseRuler`: the entities of spaCy's with `overwrite_ents=True`)."""
    # spaCy (and attribute_rules, which registers a spaCy factory) load with the model, on first
    # use: importing the stage must stay cheap for the commands that never parse
    import spacy

    from claimgraph.nlp.attribute_rules import use_fast_attribute_rules

    start = time.perf_counter()
    nlp = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    log.info("loaded the spaCy model %s in %.1f s", SPACY_MODEL, time.perf_counter() - start)
    nlp.max_length = MAX_SEGMENT_CHARS
    # the same tag -> POS/morphology rules as spaCy's attribute_ruler, a tenth of its time
    use_fast_attribute_rules(nlp)
    _set_headings_apart(nlp)
    rules = patterns() if patterns is not None else []
    if rules:
        from claimgraph.nlp.phrase_ruler import FACTORY, PhraseRuler

        ruler = cast(PhraseRuler, nlp.add_pipe(FACTORY, before="ner"))
        ruler.load(_compiled_patterns(nlp, rules))
    return nlp


def _set_headings_apart(nlp: Any) -> None:
    """Put `headings.mark_headings` between the tagger (whose tags it reads) and the parser
    (which keeps the sentence starts it sets)."""
    from spacy.language import Language

    from claimgraph.nlp import headings

    if "parser" not in nlp.pipe_names:
        return
    if not Language.has_factory(headings.FACTORY):
        Language.component(headings.FACTORY, func=headings.mark_headings)
    nlp.add_pipe(headings.FACTORY, before="parser")


def _compiled_patterns(nlp: Any, rules: list[dict[str, Any]]) -> Any:
    """`phrase_ruler.compile_patterns(nlp, rules)`, kept in the cache folder under a key of the
    patterns, the compiling code, spaCy's and preshed's versions (the hashes, the terminal maps'
    order) and the model's (whose tokenizer rules split the patterns)."""
    import hashlib
    import json
    from importlib.metadata import version
    from pathlib import Path

    from claimgraph.nlp import phrase_ruler

    digest = hashlib.sha256(json.dumps(rules, sort_keys=True).encode("utf-8")).hexdigest()
    model = f"{nlp.meta.get('name')} {nlp.meta.get('version')}"
    versions = [f"spacy {version('spacy')}", f"preshed {version('preshed')}", model]
    key = inputs_key([Path(phrase_ruler.__file__)], extra=[digest, *versions])
    return cached_build(
        "ruler-trie",
        key,
        lambda: phrase_ruler.compile_patterns(nlp, rules),
        phrase_ruler.CompiledPatterns,
    )


@functools.lru_cache(maxsize=1)
def bare_spacy():  # type: ignore[no-untyped-def]
    """The packaged English pipeline without our EntityRuler (its attribute_ruler replaced by
    the equivalent, faster `nlp.attribute_rules`)."""
    import spacy  # on first use, as english_pipeline

    from claimgraph.nlp.attribute_rules import use_fast_attribute_rules

    nlp = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    use_fast_attribute_rules(nlp)
    return nlp


class NlpStage:
    name = "nlp"
    requires = ("segments",)
    provides = ("sentences", "entities", "_spacy")

    def __init__(self, nlp: Any = None, patterns: Patterns | None = None) -> None:
        self._nlp = nlp
        self._patterns = patterns

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = english_pipeline(self._patterns)
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        todo = [
            i
            for i, seg in enumerate(doc.segments)
            if seg.kind in NLP_KINDS and seg.lang in _ENGLISH_LIKE and seg.end > seg.start
        ]
        texts = [doc.text[doc.segments[i].start : doc.segments[i].end] for i in todo]
        sents: dict[str, Any] = {}
        _LAST.sents = sents
        for i, sdoc in zip(todo, self.nlp.pipe(texts, batch_size=32), strict=True):
            base = doc.segments[i].start
            doc._spacy[i] = sdoc
            for sent in sdoc.sents:
                text = sent.text  # (a walk over the sentence's tokens)
                sents.setdefault(text, sent)
                if text.strip():
                    doc.sentences.append(
                        Sentence(start=base + sent.start_char, end=base + sent.end_char, segment=i)
                    )
            for ent in sdoc.ents:
                doc.entities.append(
                    Entity(
                        start=base + ent.start_char,
                        end=base + ent.end_char,
                        label=ent.label_,
                        text=ent.text,
                        source="ruler" if ent.ent_id_ else "ner",
                    )
                )
        return doc
