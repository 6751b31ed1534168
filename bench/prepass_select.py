"""How many sentences and tokens a form-level pre-pass would send to the parser (issue 18), and
whether it keeps every sentence that carries a mention.

    python bench/prepass_select.py CORPUS

Runs the default pipeline over CORPUS and, per sentence of the parse, records whether a mention's
evidence starts in it, whether `find_triggers` gives a candidate, whether it has a time
expression, and whether one of its words (its form, or `lemma_of` of it as a verb, noun or
adjective) is a hand-lexicon entry, a phrase word or a speech verb (`sel`), or also a CAMEO verb
(`sel_cameo`). Prints the counts (sentences, tokens) as one JSON line.
"""

from __future__ import annotations

import json
import sys

from claimgraph.pipeline import Pipeline  # (first: the package's import order)
from claimgraph.events import extract as ex
from claimgraph.events import words
from claimgraph.events.lexicon import english, lemma_of
from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.when.stage import find_time_expressions


def _hit(text: str, keys: set[str]) -> bool:
    return text.lower() in keys or any(lemma_of(text, p) in keys for p in ("VERB", "NOUN", "ADJ"))


def main() -> None:
    lex = english()
    keys = {lem for (lem, _p) in lex.single} | set(lex.with_obj) | set(lex.with_subj)
    keys |= {w for p in lex.phrases for w in p} | set(words.SPEECH)
    cameo = set(lex.cameo) | set(lex.cameo_obj)
    raws = [r for r in read_paths([sys.argv[1]]) if isinstance(r, RawDocument)]
    pipe = Pipeline(doc_timeout=0)
    pipe.warm_up()
    c = dict.fromkeys(
        "sents toks mention mention_toks either_toks cand cand_toks sel sel_toks "
        "sel_cameo sel_cameo_toks missed missed_cameo".split(),
        0,
    )
    for raw in raws:
        doc = pipe.clean(raw)
        for stage in pipe.stages:
            doc = stage(doc)
        starts = [m.evidence.start for m in doc.mentions]
        for si, sdoc in doc._spacy.items():
            base = doc.segments[si].start
            for sent in sdoc.sents:
                n = len(sent)
                a, b = base + sent.start_char, base + sent.end_char
                m = any(a <= s < b for s in starts)
                dated = bool(find_time_expressions(sent.text))
                sel = dated or any(_hit(t.text, keys) for t in sent)
                sel_c = sel or any(_hit(t.text, cameo) for t in sent)
                cand = bool(ex.find_triggers(sent))
                for key, on in (("sents", True), ("mention", m), ("cand", cand), ("sel", sel),
                                ("sel_cameo", sel_c)):  # fmt: skip
                    c[key] += on
                    c[key.replace("sents", "toks") if key == "sents" else key + "_toks"] += n * on
                c["either_toks"] += n * (m or dated)
                c["missed"] += m and not sel
                c["missed_cameo"] += m and not sel_c
    print(json.dumps(c))


if __name__ == "__main__":
    main()
