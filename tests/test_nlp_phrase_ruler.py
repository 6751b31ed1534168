"""Our EntityRuler (`nlp.phrase_ruler`, issue 18) sets the entities spaCy's `entity_ruler` with
`overwrite_ents=True` sets for the same patterns: on sentences written for each rule of the
ruler (overlaps, one span under several labels, token patterns, entities already set) and on
random patterns and texts; its compiled patterns come from the cache folder after the first
build."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimgraph.nlp import _compiled_patterns, phrase_ruler
from claimgraph.nlp.phrase_ruler import FACTORY, compile_patterns

Ent = tuple[int, int, str, str]


def _pair(rules: list[dict[str, Any]]) -> tuple[Language, Any, Any]:
    """A blank English pipeline, spaCy's ruler and ours, both with `rules`."""
    nlp = spacy.blank("en")
    theirs = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})
    theirs.add_patterns(rules)
    ours = nlp.add_pipe(FACTORY)
    ours.load(compile_patterns(nlp, rules))
    return nlp, theirs, ours


def _ents(doc: Doc) -> list[Ent]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def _both(nlp: Language, theirs: Any, ours: Any, text: str) -> tuple[list[Ent], list[Ent]]:
    return _ents(theirs(nlp.make_doc(text))), _ents(ours(nlp.make_doc(text)))


RULES: list[dict[str, Any]] = [
    {"label": "GPE", "pattern": "Deir ez-Zor", "id": "p1"},
    {"label": "GPE", "pattern": "Deir", "id": "p9"},  # inside a longer one
    {"label": "ORG", "pattern": "the Northern Brigade's Council", "id": "a1"},
    {"label": "ORG", "pattern": "Northern Brigade", "id": "a3"},
    {"label": "GPE", "pattern": "Tal  Abyad", "id": "p2"},  # two spaces: a whitespace token
    {"label": "PERSON", "pattern": "Abu-Yusuf al-Amin", "id": "a2"},
    {"label": "LOC", "pattern": "West Bank", "id": "p3"},  # one span, two labels and ids
    {"label": "GPE", "pattern": "West Bank", "id": "p4"},
    {"label": "NORP", "pattern": "Kurds"},  # no id: the label is the key
    {"label": "ORG", "pattern": "NORP GPE"},  # words that are spaCy symbols
    {"label": "LOC", "pattern": [{"LOWER": "upper"}, {"LOWER": "valley"}]},  # a token pattern
    {"label": "FAC", "pattern": [{"LOWER": "valley"}, {"LOWER": "dam"}], "id": "f1"},
    {"label": "GPE", "pattern": "Bank Dam", "id": "p5"},  # overlaps the end of another
    {"label": "GPE", "pattern": "", "id": "p6"},  # empty: skipped
]
TEXTS = [
    "Fighters of the Northern Brigade's Council entered Deir ez-Zor and Tal  Abyad.",
    "Abu-Yusuf al-Amin said Kurds in the West Bank met NORP GPE delegates.",
    "Shelling hit the Upper Valley Dam near the West Bank Dam, then Deir.",
    "The Northern Brigade left Deir",
    "West Bank",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_nlp_phrase_ruler_same_entities_as_spacy(text: str) -> None:
    nlp, theirs, ours = _pair(RULES)
    expected, got = _both(nlp, theirs, ours, text)
    assert got == expected


def test_nlp_phrase_ruler_overwrites_entities_already_set() -> None:
    nlp, theirs, ours = _pair(RULES)
    text = "Kurds of the Northern Brigade's Council crossed into the West Bank on Monday."
    docs = [nlp.make_doc(text) for _ in range(2)]
    for doc in docs:
        doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 7, label="ORG"),
                    Span(doc, 12, 13, label="DATE")]  # fmt: skip
    assert _ents(ours(docs[1])) == _ents(theirs(docs[0]))


def test_nlp_phrase_ruler_random_patterns_and_texts() -> None:
    """Random phrases over a small vocabulary, many sharing a span under several keys (up to 9
    on one span: the terminal map grows twice), matched in random texts of the same words."""
    rng = random.Random(18)
    words = ["Abu", "Kamal", "al-Bab", "Tal", "Afar", "West", "Bank", "of", "the", "Gaza",
             "Strip", "-", "'s", "GPE", "and", ","]  # fmt: skip
    labels = ["GPE", "LOC", "ORG", "FAC", "PERSON"]
    rules: list[dict[str, Any]] = []
    for i in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        rule: dict[str, Any] = {"label": rng.choice(labels), "pattern": text}
        if rng.random() < 0.8:
            rule["id"] = f"x{i % 150}"
        rules.append(rule)
    rules += [{"label": labels[i % 5], "pattern": "Gaza Strip", "id": f"g{i}"} for i in range(9)]
    nlp, theirs, ours = _pair(rules)
    differ = 0
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        expected, got = _both(nlp, theirs, ours, text)
        differ += got != expected
    assert differ == 0


def test_nlp_phrase_ruler_compiled_once_then_read_from_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    calls: list[int] = []
    real = phrase_ruler.compile_patterns

    def counting(nlp: Language, rules: list[dict[str, Any]]) -> Any:
        calls.append(len(rules))
        return real(nlp, rules)

    monkeypatch.setattr(phrase_ruler, "compile_patterns", counting)
    first = _compiled_patterns(spacy.blank("en"), RULES)
    second = _compiled_patterns(spacy.blank("en"), RULES)
    assert calls == [len(RULES)]
    assert len(list(tmp_path.glob("ruler-trie-*.pkl"))) == 1
    assert second == first
    _compiled_patterns(spacy.blank("en"), RULES[:-1])  # other patterns: another key
    assert len(calls) == 2
