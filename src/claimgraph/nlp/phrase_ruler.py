"""Our EntityRuler: the entities of spaCy's `entity_ruler` (`overwrite_ents=True`) for the same
patterns, without its cost at every start.

In: EntityRuler pattern dicts (`{"label": "GPE", "pattern": "Albu Kamal", "id": "geonames:1"}`;
a list of token dicts as `pattern` is a token pattern). Out: `compile_patterns(nlp, rules)`, a
picklable `CompiledPatterns` (kept in the cache folder by `nlp.english_pipeline`), and the
pipeline component `PhraseRuler` that sets `doc.ents` from it.

Why: spaCy's ruler makes a Doc of each of the ~13k phrase patterns and adds it to its
`PhraseMatcher` at every start (~0.6 s CPU of a ~3.5 s start, most of it creating the lexemes of
the patterns' words and keys, which spaCy cannot keep on disk). The phrase matcher only compares
each token's ORTH hash with the patterns', so a trie of those hashes, built once and unpickled,
matches the same spans.

Sameness with spaCy's ruler, step by step (`spacy/pipeline/entityruler.py`, spaCy 3.8):
1. a phrase pattern is the ORTH hashes of the tokenizer's tokens of its text (an empty one is
   skipped), its match key the hash of `LABEL||id` (of `LABEL` without an id);
2. matches come in the phrase matcher's order: by start, then end, then, for one span matched by
   several keys (`West Bank` as GPE and as LOC), in the order of its terminal hash map, which
   `compile_patterns` reads off a `preshed` map filled in the same order as spaCy's;
3. token patterns (none in the shipped lists) go through spaCy's own `Matcher`, their matches
   first, as in `EntityRuler.match`;
4. the matches are deduplicated through a `set` built in the same order, sorted (longest first,
   then leftmost) and applied as `EntityRuler.set_annotations` applies them: the winner among
   keys of one span is the same, because the set's iteration order depends only on its contents
   and the order they were added in.
"""

# no `from __future__ import annotations`: spaCy's factory registry reads the annotations of
# `make_phrase_ruler` as real types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

__all__ = ["CompiledPatterns", "PhraseRuler", "compile_patterns", "FACTORY"]

FACTORY = "claimgraph_phrase_ruler"
#: the key of a trie node's match keys (a token's ORTH hash is never negative)
END = -1
#: spaCy's separator of label and id in a match key (`entity_ruler.DEFAULT_ENT_ID_SEP`)
ENT_ID_SEP = "||"
#: a trie node: ORTH hash -> node, and END -> the match keys of the phrases ending here
Node = dict[int, Any]
Match = tuple[int, int, int]


@dataclass
class CompiledPatterns:
    """What `PhraseRuler` needs: the phrase trie, the label and id of each match key, and the
    token patterns (as given, for spaCy's Matcher)."""

    trie: Node = field(default_factory=dict)
    #: match key -> (label, id) for patterns with an id
    ent_ids: dict[int, tuple[str, Any]] = field(default_factory=dict)
    #: match key strings of patterns without an id (their label is the key itself)
    plain: list[str] = field(default_factory=list)
    #: (match key string, token pattern), in the given order
    token: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def _keys(rules: Iterable[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each pattern's match key string, token patterns first, as `EntityRuler.add_patterns`."""
    rules = list(rules)
    token = [r for r in rules if isinstance(r["pattern"], list)]
    phrase = [r for r in rules if isinstance(r["pattern"], str)]
    for entry in token:
        # a token pattern counts an "id" key even when empty, a phrase pattern only a true one
        yield (
            (f"{entry['label']}{ENT_ID_SEP}{entry['id']}" if "id" in entry else entry["label"]),
            entry,
        )
    for entry in phrase:
        yield (
            (f"{entry['label']}{ENT_ID_SEP}{entry['id']}" if entry.get("id") else entry["label"]),
            entry,
        )


def compile_patterns(nlp: Language, rules: list[dict[str, Any]]) -> CompiledPatterns:
    """The trie and keys of `rules`, tokenized by `nlp`'s tokenizer (see the module docstring)."""
    from preshed.maps import PreshMap
    from spacy.strings import get_string_id

    out = CompiledPatterns()
    terminals: dict[int, tuple[Node, Any]] = {}  # id(node) -> (node, its terminal map)
    phrases: list[tuple[int, str]] = []
    plain: dict[str, None] = {}
    for key_str, entry in _keys(rules):
        key = get_string_id(key_str)
        if isinstance(entry["pattern"], list):
            out.token.append((key_str, entry["pattern"]))
            has_id = "id" in entry
        else:
            phrases.append((key, entry["pattern"]))
            has_id = bool(entry.get("id"))
        if has_id:
            out.ent_ids[key] = (entry["label"], entry["id"])
        else:
            plain.setdefault(key_str)
    texts = [text for _, text in phrases]
    # spaCy types Language.tokenizer as any callable; ours is a Tokenizer, which has .pipe
    docs = nlp.tokenizer.pipe(texts)  # type: ignore[union-attr]
    for (key, _), doc in zip(phrases, docs, strict=True):
        if len(doc) == 0:
            continue  # the phrase matcher skips an empty pattern
        node = out.trie
        for token in doc:
            node = node.setdefault(token.orth, {})
        # spaCy's terminal map: a preshed map of 8 cells filled in pattern order
        terminals.setdefault(id(node), (node, PreshMap(8)))[1][key] = 0
    for node, keys in terminals.values():
        node[END] = tuple(keys.keys())
    out.plain = list(plain)
    return out


class PhraseRuler:
    """Sets `doc.ents` as spaCy's EntityRuler with `overwrite_ents=True` would for the patterns
    of `load(compiled)`."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._trie: Node = {}
        self._ent_ids: dict[int, tuple[str, Any]] = {}
        self._matcher: Any = None

    def load(self, compiled: CompiledPatterns) -> None:
        """Use `compiled`'s patterns (replacing any loaded before)."""
        self._trie, self._ent_ids = compiled.trie, compiled.ent_ids
        for key_str in compiled.plain:
            self.vocab.strings.add(key_str)  # a Span labelled by the key's hash reads it back
        self._matcher = None
        if compiled.token:
            from spacy.matcher import Matcher

            self._matcher = Matcher(self.vocab, validate=False)
            for key_str, pattern in compiled.token:
                self._matcher.add(key_str, [pattern])

    def phrase_matches(self, orths: list[int]) -> list[Match]:
        """(key, start, end) of every phrase in the token ORTH hashes `orths`, in the phrase
        matcher's order: by start, then end, then the terminal map's order."""
        trie = self._trie
        out: list[Match] = []
        n = len(orths)
        for start in range(n):
            node = trie.get(orths[start])
            end = start + 1
            while node is not None:
                keys = node.get(END)
                if keys is not None:
                    out.extend((key, start, end) for key in keys)
                if end == n:
                    break
                node = node.get(orths[end])
                end += 1
        return out

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import ORTH

        matches = list(self._matcher(doc)) if self._matcher is not None else []
        matches += self.phrase_matches(doc.to_array(ORTH).tolist())
        final = set([m for m in matches if m[1] != m[2]])  # noqa: C403 - spaCy's own steps
        ordered = sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        self._set_annotations(doc, ordered)
        return doc

    def _set_annotations(self, doc: Any, matches: list[Match]) -> None:
        """`EntityRuler.set_annotations` with `overwrite_ents=True`."""
        from spacy.tokens import Span

        entities = list(doc.ents)
        new_entities = []
        seen: set[int] = set()
        for key, start, end in matches:
            # spaCy checks only the first and last token against the spans taken so far
            if start in seen or end - 1 in seen:
                continue
            got = self._ent_ids.get(key)
            if got is not None:
                span = Span(doc, start, end, label=got[0], span_id=got[1])
            else:
                span = Span(doc, start, end, label=key)
            new_entities.append(span)
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new_entities


@Language.factory(FACTORY)
def make_phrase_ruler(nlp: Language, name: str) -> PhraseRuler:
    return PhraseRuler(nlp, name)
