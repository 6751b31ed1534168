"""The EntityRuler's phrase patterns read their tokens from the cache folder (issue 18): the
same matches as patterns tokenized afresh, and a second process-like load tokenizes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimgraph.nlp import _add_patterns

PATTERNS = [
    {"label": "GPE", "pattern": "Deir ez-Zor", "id": "p1"},
    {"label": "ORG", "pattern": "the Northern Brigade's Council", "id": "a1"},
    {"label": "GPE", "pattern": "Tal  Abyad", "id": "p2"},  # two spaces: a whitespace token
    {"label": "PERSON", "pattern": "Abu-Yusuf al-Amin", "id": "a2"},
    {"label": "LOC", "pattern": [{"LOWER": "upper"}, {"LOWER": "valley"}]},  # a token pattern
]
TEXT = (
    "Fighters of the Northern Brigade's Council entered Deir ez-Zor and Tal  Abyad, "
    "Abu-Yusuf al-Amin said, while shelling hit the Upper Valley."
)


def _ents(nlp: spacy.language.Language) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(TEXT).ents]


def _ruler(nlp: spacy.language.Language):  # type: ignore[no-untyped-def]
    return nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})


def test_cached_words_match_like_fresh_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    fresh = spacy.blank("en")
    _ruler(fresh).add_patterns(PATTERNS)
    expected = _ents(fresh)
    assert len(expected) == 5

    first = spacy.blank("en")
    _add_patterns(first, _ruler(first), PATTERNS)  # builds the cache
    assert _ents(first) == expected
    assert len(list(tmp_path.glob("ruler-words-*.pkl"))) == 1

    second = spacy.blank("en")
    real = second.tokenizer
    calls: list[str] = []

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text)

    second.tokenizer = counting
    _add_patterns(second, _ruler(second), PATTERNS)  # reads the cache: no pattern tokenized
    assert calls == [] and second.tokenizer is counting  # the real one put back
    second.tokenizer = real
    assert _ents(second) == expected
    assert [lex.orth for lex in second.vocab] == [lex.orth for lex in fresh.vocab]
