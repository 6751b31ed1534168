"""A story's past told on (issue 14, the when stage): undated past acts in the sentences after one
that dates the story's past more than a year back take that date, within a paragraph, until a
new date or a present-tense frame. Sentences written for this test."""

from __future__ import annotations

from claimgraph.model import (
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


def _dates(text: str, triggers: list[str]) -> list[str | None]:
    sdoc = bare_spacy()(text)
    sents = {s.start_char: s.end_char for s in sdoc.sents}
    mentions = []
    for i, trig in enumerate(triggers):
        ts = text.index(trig)
        lo = max(s for s in sents if s <= ts)
        mentions.append(
            EventMention(
                id=f"m{i}",
                document_id="d1",
                event_type="ASSAULT",
                trigger=Span(start=ts, end=ts + len(trig), text=trig),
                attribution=Attribution(),
                evidence=Evidence(
                    text=text[lo : sents[lo]], segment="body", start=lo, end=sents[lo]
                ),
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
    doc._spacy[0] = sdoc
    return [m.date.value if m.date else None for m in WhenStage()(doc).mentions]


def test_the_acts_that_follow_a_dated_past_take_its_date() -> None:
    text = (
        "The farmer was driving to the market one morning in 2016. "
        "Gunmen ambushed his truck near the bridge and robbed the passengers."
    )
    assert _dates(text, ["ambushed", "robbed"]) == ["2016-01-01", "2016-01-01"]


def test_a_present_frame_a_new_date_or_a_new_paragraph_ends_the_story() -> None:
    past = "The farmer was driving to the market one morning in 2016. "
    # "she says": the story is being told now
    assert _dates(past + "He says gunmen ambushed his truck.", ["ambushed"]) == ["2024-06-14"]
    # a date of its own: the story moves on
    assert _dates(past + "On Tuesday gunmen ambushed a bus.", ["ambushed"]) == ["2024-06-11"]
    # a paragraph break
    assert _dates(past + "\nGunmen ambushed a bus near the bridge.", ["ambushed"]) == ["2024-06-14"]


def test_a_recent_date_or_a_comparison_sets_no_story() -> None:
    # within a year of publication: the stage's own dating stands
    text = "The farmer was driving to the market in March. Gunmen ambushed his truck."
    assert _dates(text, ["ambushed"]) == ["2024-06-14"]
    # a present-tense comparison with a past year tells no story of that year
    text = "The toll marks a tenfold rise compared to 2019. Gunmen ambushed a bus on the road."
    assert _dates(text, ["ambushed"]) == ["2024-06-14"]
