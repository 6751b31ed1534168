"""Undated past background (issue 14, the when stage): an act its own clause tells as before the
story's time ("previously", "in past crises", "for decades", "has long") is marked as a past
reference, and the merge makes an event told only so historical. Sentences written for this test.
"""

from __future__ import annotations

import pytest

from claimgraph.merge import MergeDoc, merge_events
from claimgraph.model import (
    PAST_REFERENCE,
    Attribution,
    Document,
    EventMention,
    Evidence,
    PubDate,
    Segment,
    SegmentKind,
    Span,
)
from claimgraph.nlp import bare_spacy
from claimgraph.when import WhenStage

PUBLISHED = "2024-06-14"


def _doc(text: str, triggers: list[str]) -> Document:
    """One body segment, parsed; one mention per trigger word (its first occurrence)."""
    mentions = []
    for i, trig in enumerate(triggers):
        ts = text.index(trig)
        mentions.append(
            EventMention(
                id=f"m{i}",
                document_id="d1",
                event_type="THREATEN",
                trigger=Span(start=ts, end=ts + len(trig), text=trig),
                attribution=Attribution(),
                evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
            )
        )
    doc = Document(
        id="d1",
        uri="mem:d1",
        text=text,
        published=PubDate(value=PUBLISHED),
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")],
        mentions=mentions,
    )
    doc._spacy[0] = bare_spacy()(text)
    return doc


def _background(text: str, triggers: list[str]) -> list[bool]:
    doc = WhenStage()(_doc(text, triggers))
    return [bool(m.date and m.date.reason.startswith(PAST_REFERENCE)) for m in doc.mentions]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        (
            "In past disputes, the ministry has threatened to expel the foreign monitors.",
            "threatened",
        ),
        ("The governor has previously accused the union of sabotage.", "accused"),
        ("The province has long demanded a larger share of the oil revenue.", "demanded"),
        ("Villagers have been attacked by the militia for decades.", "attacked"),
        ("Over the years the cartel has bribed dozens of local officials.", "bribed"),
        ("The council formerly banned street markets in the old town.", "banned"),
        ("In the past, the rebels seized several river ports.", "seized"),
    ],
)
def test_an_act_told_as_undated_past_background_is_marked(text: str, trigger: str) -> None:
    assert _background(text, [trigger]) == [True]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a duration with a number says how long, not when
        ("The ministry has banned the newspaper for six years.", "banned"),
        # "earlier" is most often the same day in news
        ("The minister had earlier accused the union of sabotage.", "accused"),
        # the cue belongs to another clause: the relative clause's, not the main verb's
        ("Police arrested the man, who had previously threatened the mayor.", "arrested"),
        # a present act
        ("The ministry threatens to expel the monitors, as it often does.", "threatens"),
        # no cue at all
        ("The ministry threatened to expel the foreign monitors.", "threatened"),
        # a date of its own wins: the act is dated, not background
        ("The rebels, who long held the port, attacked it again on Tuesday.", "attacked"),
    ],
)
def test_current_acts_and_other_clauses_are_not_marked(text: str, trigger: str) -> None:
    assert _background(text, [trigger]) == [False]


def test_a_current_act_beside_background_in_one_sentence_is_not_marked() -> None:
    text = "The army shelled the town, which the rebels had previously captured."
    assert _background(text, ["shelled", "captured"]) == [False, True]


def test_the_merge_makes_an_event_told_only_as_background_historical() -> None:
    docs = {"d1": MergeDoc(id="d1", outlet="Wire", published=PUBLISHED, text="one story")}
    text = "In past disputes, the ministry has threatened to expel the foreign monitors."
    doc = WhenStage()(_doc(text, ["threatened"]))
    mention = doc.mentions[0].model_copy(update={"recipients": [], "actors": [], "context": []})
    from claimgraph.model import ActorRef

    mention.actors = [ActorRef(name="the ministry")]
    (event,) = merge_events([mention], docs)
    assert "historical" in event.mode
    assert event.status == "reported"  # it happened; it is background, not current
    # the same act with a date of its own stays current
    plain = WhenStage()(_doc("The ministry threatened to expel the monitors.", ["threatened"]))
    m2 = plain.mentions[0]
    m2.actors = [ActorRef(name="the ministry")]
    (current,) = merge_events([m2], docs)
    assert "historical" not in current.mode
