"""The per-call memos of issue 18 (stop 29) give what the computations they skip give: a token's
lemma, a sentence's entities and date, a text's time expressions. Sentences written for this
test."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import lexicon
from claimgraph.events.non_events import _dated, _span_ents
from claimgraph.when.stage import find_time_expressions

pytestmark = pytest.mark.slow

_TEXT = (
    "On Tuesday, police in Lagos arrested 12 protesters outside the Ministry of Finance. "
    "A 33-year-old teacher from Kano said the marchers had walked since dawn. "
    "The governor, Ahmed Musa, will meet union leaders in Abuja next week. "
    "Nobody was hurt."
)


def _parse(pipe: Any, text: str) -> Any:
    return pipe.stages[0].nlp(text)


def test_sentence_entities_as_spacy_gives_them(pipe: Any) -> None:
    doc = _parse(pipe, _TEXT)
    ents = list(doc.ents)
    assert len(list(doc.sents)) == 4
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in _span_ents(ents, sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]


def test_dated_per_sentence_and_per_document(pipe: Any) -> None:
    doc = _parse(pipe, _TEXT)
    first, age, week, none = list(doc.sents)
    # asked twice, in any order: the same answers
    for _ in range(2):
        assert _dated(first) and _dated(week)
        assert not _dated(age)  # an age is no date
        assert not _dated(none)
    # another document's sentence at the same token offsets is read from that document
    other = _parse(pipe, "Nobody was hurt in the blast on Friday morning near the market.")
    assert _dated(next(iter(other.sents)))
    assert _dated(first)


def test_lemma_of_the_same_and_of_another_token(pipe: Any) -> None:
    doc = _parse(pipe, "Soldiers fired on the crowd and arrested dozens of students.")
    fired, arrested = doc[1], doc[6]
    assert lexicon.lemma(fired) == lexicon.lemma(fired) == lexicon._lemma(fired) == "fire"
    assert lexicon.lemma(arrested) == "arrest"
    assert lexicon.lemma(fired) == "fire"
    # a new Token object of the same word is computed afresh, with the same result
    assert lexicon.lemma(doc[1]) == "fire"


def test_time_expressions_are_a_new_list_each_call() -> None:
    text = "Fighting resumed on March 3 and again two days later, in early May 2024."
    first = find_time_expressions(text)
    assert first and all(text[a:b].strip() for a, b in first)
    first.append((0, 1))
    again = find_time_expressions(text)
    assert (0, 1) not in again
    assert again == first[:-1]
