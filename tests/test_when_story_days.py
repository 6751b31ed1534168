"""Day counts told from the story's previous act (issue 14, the when stage): "One day earlier",
"the day before", "a day later", "two days after the attack" count from the explicit date of the
act told in the nearest previous sentence; without one, the stage's date stands. Sentences
written for this test."""

from __future__ import annotations

import pytest

from claimgraph.model import Document, EventMention, Evidence, PubDate, Span
from claimgraph.when import WhenStage
from claimgraph.when.story_days import day_offset


def _doc(text: str, triggers: list[str], published: str = "2024-06-14") -> Document:
    """One mention per trigger, its sentence the ". "-delimited one around it."""
    mentions = []
    for i, trig in enumerate(triggers):
        ts = text.index(trig)
        lo = text.rfind(". ", 0, ts)
        lo = 0 if lo < 0 else lo + 2
        hi = text.find(". ", ts)
        hi = len(text) if hi < 0 else hi + 1
        mentions.append(
            EventMention(
                id=f"m{i}",
                document_id="d1",
                event_type="ASSAULT",
                trigger=Span(start=ts, end=ts + len(trig), text=trig),
                evidence=Evidence(text=text[lo:hi], segment="body", start=lo, end=hi),
            )
        )
    return Document(
        id="d1", uri="mem:d1", text=text, published=PubDate(value=published), mentions=mentions
    )


def _dates(doc: Document) -> list[str | None]:
    return [m.date.value if m.date else None for m in WhenStage()(doc).mentions]


@pytest.mark.parametrize(
    ("second", "want"),
    [
        ("One day earlier, the senate approved the budget.", "2024-06-10"),
        ("The day before, the senate approved the budget.", "2024-06-10"),
        ("A day later, the senate approved the budget.", "2024-06-12"),
        ("Two days after the vote, the senate approved the budget.", "2024-06-13"),
        ("The following day the senate approved the budget.", "2024-06-12"),
    ],
)
def test_a_day_count_counts_from_the_previous_sentence_date(second: str, want: str) -> None:
    text = "The governor signed the decree on Tuesday. " + second
    # published Friday 2024-06-14: Tuesday is 2024-06-11
    assert _dates(_doc(text, ["signed", "approved"])) == ["2024-06-11", want]


def test_without_an_explicit_date_before_the_stage_date_stands() -> None:
    text = "The governor signed the decree. One day earlier, the senate approved the budget."
    # no date for the signing: "One day earlier" counts from publication, as before
    assert _dates(_doc(text, ["signed", "approved"]))[1] == "2024-06-13"


def test_a_sentence_with_a_date_of_its_own_keeps_it() -> None:
    text = (
        "The governor signed the decree on Tuesday. "
        "Police said Thursday they arrested two men, a day after the signing."
    )
    assert _dates(_doc(text, ["signed", "arrested"])) == ["2024-06-11", "2024-06-13"]


def test_a_count_past_publication_is_not_taken_for_a_past_act() -> None:
    text = "The governor signed the decree on Thursday. Two days later, the senate approved it."
    assert _dates(_doc(text, ["signed", "approved"]))[1] != "2024-06-15"


def test_day_offsets() -> None:
    assert day_offset("one day earlier", 0) == (-1, "one day earlier")
    assert day_offset("3 days after the raid", 0) == (3, "3 days after")
    assert day_offset("the night before", 0) == (-1, "the night before")
    assert day_offset("the day before yesterday", 0) is None
    assert day_offset("the previous day's blasts", 0) == (-1, "the previous day")
