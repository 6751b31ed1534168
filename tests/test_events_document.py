"""Document-level event fixes on our own sentences: datelines, headline passives, acronym
parties, unnamed places named later, counterpart places, and which event "such allegations"
denies."""

from __future__ import annotations

import pytest

from claimgraph.events import EventStage
from claimgraph.model import Document, Segment
from claimgraph.pipeline import ruler_patterns
from test_events_unit import _nlp, _one, _run  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow


def _names(ms) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.name for a in ms]


def test_dateline_credit_is_not_an_actor() -> None:
    d = _run(
        "AMMAN (Reuters) - Jordan's army and its allies captured the rebels' last stronghold on Tuesday."
    )
    m = _one(d, "COERCE")
    assert not any(n in ("Reuters", "AMMAN") for n in _names(m.actors))
    assert m.actors


def test_headline_participle_is_passive() -> None:
    d = _run("Rebel leader Ahmed Karim killed in Turkish drone strike")
    m = _one(d, "ASSAULT")
    assert any("Karim" in n for n in _names(m.recipients))
    assert not any("Karim" in n for n in _names(m.actors))


def test_acronym_party_and_between_both_sides() -> None:
    d = _run(
        "The evacuation deal was the first of its kind between the Assad government and IS, and it remained unclear whether it would hold."
    )
    m = [m for m in d.mentions if m.event_type == "AGREE"][0]
    assert len(m.actors) == 2


def test_in_talks_with_takes_the_subject() -> None:
    d = _run("The PKK is in talks with the government about a truce.")
    m = _one(d, "CONSULT")
    assert m.actors and "government" in " ".join(_names(m.recipients))


def test_unnamed_stronghold_takes_the_town_named_next() -> None:
    text = (
        "AMMAN (Reuters) - Jordan's army captured the rebels' last stronghold in Yemen on Tuesday. "
        '"The last stronghold of the rebels, Marib, is free," an officer said.'
    )
    places = pytest.importorskip("claimgraph.places")
    from claimgraph.actors import ActorStage
    from claimgraph.nlp import NlpStage

    d = Document(
        id="t3",
        uri="mem",
        text=text,
        segments=[Segment(kind="body", start=0, end=len(text), lang="en")],
    )
    try:
        d = places.PlaceStage()(ActorStage()(NlpStage(patterns=ruler_patterns)(d)))
    except Exception as err:  # noqa: BLE001 - the gazetteer may be absent
        pytest.skip(f"places stage unavailable: {err}")
    d = EventStage()(d)
    m = _one(d, "COERCE")
    assert m.place is not None and "rib" in m.place.name


def test_denial_of_allegations_prefers_the_alleged_event() -> None:
    text = (
        "Local sources said the governor secretly met rebel envoys in the capital. "
        "The rebels will discuss a battle against the army. "
        "Talks will include the mechanisms in case troops retreated. "
        "A spokesman for the governor denied such allegations completely."
    )
    d = _run(text)
    denies = d.meta["events"]["denies"]
    assert denies
    by_id = {m.id: m for m in d.mentions}
    ((den, tgt),) = denies.items()
    assert by_id[tgt].trigger.text == "met" and by_id[den].event_type == "CONSULT"


def test_denial_of_headline_claim_across_paragraphs() -> None:
    title = "Militia chief reportedly meets foreign spies in Paris"
    body = (
        "The chief traveled abroad last week. He has many allies. The group is large. "
        "Its fighters are in the north. A spokesman for the militia denied such reports."
    )
    text = title + "\n\n" + body
    d = Document(id="t2", uri="mem", text=text, segments=[
        Segment(kind="title", start=0, end=len(title), lang="en"),
        Segment(kind="body", start=len(title) + 2, end=len(text), lang="en"),
    ])  # fmt: skip
    d._spacy[0] = _nlp()(title)
    d._spacy[1] = _nlp()(body)
    d = EventStage()(d)
    by_id = {m.id: m for m in d.mentions}
    denies = d.meta["events"]["denies"]
    assert any(by_id[t].trigger.text == "meets" for t in denies.values())
    assert all(by_id[s].evidence.segment == "body" for s in denies)


def test_dateline_date_and_counterpart_country_is_no_place() -> None:
    d = _run("Mar 3, Amman: the PKK is in talks with Turkey about a truce, the minister said.")
    m = _one(d, "CONSULT")
    assert m.time is not None and m.time.text == "Mar 3"
    assert m.place is None or m.place.name != "Turkey"
