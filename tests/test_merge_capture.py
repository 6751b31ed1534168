"""merge: a town's capture reported by one page in several sentences (hand-built mentions)."""

from __future__ import annotations

import random

from claimgraph.merge import MergeDoc, merge_events
from claimgraph.model import (
    ActorRef,
    Attribution,
    EventMention,
    Evidence,
    Place,
    Span,
    TimeRef,
)

ARMY = ActorRef(name="Syrian army", actor_id="SYR-MIL", country="SYR", sector="MIL")
ALLIES = ActorRef(name="its allies")
MILITIA = ActorRef(name="Hezbollah", actor_id="HZB", country="LBN", sector="REB")
IRAN = ActorRef(name="Iran", actor_id="IRN", country="IRN", sector="GOV")
JIHADISTS = ActorRef(name="Islamic State", actor_id="ISIS", country="IRQ", sector="REB")
REBELS = ActorRef(name="Free Army", actor_id="FSA", country="SYR", sector="REB")
TOWN = Place(name="Qaryatayn", geonames_id=500, lat=34.23, lon=37.24, admin1="Homs",
             country="SY", precision="town")  # fmt: skip
OTHER = Place(name="Palmyra", geonames_id=501, lat=34.56, lon=38.28, admin1="Homs",
              country="SY", precision="town")  # fmt: skip
PUB = "2017-11-09"


def _m(
    mid: str,
    text: str,
    *,
    doc: str = "p",
    event_type: str = "COERCE",
    mode: tuple[str, ...] = ("seize",),
    actors: tuple[ActorRef, ...] = (),
    recipients: tuple[ActorRef, ...] = (),
    place: Place | None = TOWN,
    day: str | None = None,
    modality: str = "asserted",
    stance: str = "assert",
    speaker: str | None = None,
) -> EventMention:
    # day=None: the when stage's publication-date fallback (no time expression)
    date = (
        TimeRef(value=day, granularity="day", type="exact", text="Wednesday")
        if day else TimeRef(value=PUB, granularity="day", type="approximate")
    )  # fmt: skip
    return EventMention(
        id=mid, document_id=doc, event_type=event_type, mode=list(mode),
        trigger=Span(start=0, end=4, text=text.split()[0]), actors=list(actors),
        recipients=list(recipients), place=place, date=date, modality=modality,
        attribution=Attribution(speaker=speaker, stance=stance),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
    )  # fmt: skip


def _docs(*ids: str) -> dict[str, MergeDoc]:
    return {d: MergeDoc(id=d, outlet=f"outlet {d}", published=PUB, text=f"text of {d} " * 20)
            for d in ids}  # fmt: skip


CAPTURE = _m("a1", "The Syrian army and its allies, spearheaded by Hezbollah, captured the town "
             "on Wednesday, a commander said.", actors=(ARMY, ALLIES), recipients=(JIHADISTS,),
             day="2017-11-08", speaker="commander")  # fmt: skip
TV = _m("a2", "State television declared the town liberated.", speaker="state television")
DENIAL = _m("a3", "A monitor said it was not true that the town was taken.", modality="negated",
            stance="deny", speaker="monitor")  # fmt: skip
MILITIA_CAPTURE = _m("a4", "During the battle Hezbollah forces helped capture the town.",
                     actors=(MILITIA,))  # fmt: skip
BATTLE = _m("a5", "On Wednesday the army encircled and attacked the town.", event_type="ASSAULT",
            mode=("firearms",), day="2017-11-08")  # fmt: skip


def test_merge_capture_denial_and_allies_are_one_contested_seize_event() -> None:
    ms = [CAPTURE, TV, DENIAL, MILITIA_CAPTURE, BATTLE]
    [ev] = merge_events(ms, _docs("p"))
    assert ev.event_type == "COERCE" and ev.mode == ["seize"]  # the capture, not the battle
    assert ev.status == "contested"
    assert ev.date is not None and ev.date.value == "2017-11-08"
    assert not [d for d in ev.disputes if d.field == "actors"]
    shuffled = ms[:]
    random.Random(5).shuffle(shuffled)
    assert [e.model_dump_json() for e in merge_events(shuffled, _docs("p"))] == [
        ev.model_dump_json()
    ]


def test_merge_bare_denial_matches_on_place_type_and_date() -> None:
    # another page denies, naming no one: it still lands on the capture
    denial = DENIAL.model_copy(update={"id": "b1", "document_id": "q"})
    [ev] = merge_events([CAPTURE, denial], _docs("p", "q"))
    assert ev.status == "contested" and ev.n_sources == 2


def test_merge_bare_denial_of_another_town_stays_apart() -> None:
    denial = DENIAL.model_copy(update={"id": "b1", "document_id": "q", "place": OTHER})
    assert len(merge_events([CAPTURE, denial], _docs("p", "q"), require_participants=False)) == 2


def test_merge_open_actor_set_is_no_disagreement_but_closed_one_is() -> None:
    other = _m("b1", "Iranian forces seized the town.", doc="q", actors=(IRAN,),
               recipients=(REBELS,))  # fmt: skip
    # a closed set (no "allies") facing a different actor and a different target: two events
    closed = CAPTURE.model_copy(update={"actors": [ARMY]})
    assert len(merge_events([closed, other], _docs("p", "q"))) == 2
    # "X and its allies" facing another resolved actor: the allies may include it
    [ev] = merge_events([CAPTURE, other.model_copy(update={"recipients": [JIHADISTS]})],
                        _docs("p", "q"))  # fmt: skip
    assert not [d for d in ev.disputes if d.field == "actors"]


def test_merge_hypothetical_country_level_seizure_stays_apart() -> None:
    maybe = _m("a9", "The end of operations may only prefigure a new phase as rival forces seize "
               "territory.", modality="hypothetical",
               place=Place(name="Syria", geonames_id=163843, country="SY", precision="country"),
               recipients=(JIHADISTS,))  # fmt: skip
    assert len(merge_events([CAPTURE, TV, DENIAL, maybe], _docs("p"))) == 2


def test_merge_same_page_same_town_different_days_stay_apart() -> None:
    later = _m("a8", "The army seized the town again.", actors=(ARMY,), day="2017-10-01")
    assert len(merge_events([CAPTURE, later], _docs("p"))) == 2


def test_merge_second_page_fragment_joins_through_its_precise_sentence() -> None:
    """A second page tells the deal in a precise sentence (party, place) and a vague one; the
    first page tells it in several. Two levels (each page's own mentions first, then pages) put
    both pages' mentions in one event, although the vague sentence matches nothing elsewhere."""
    assad = ActorRef(name="Assad government", actor_id="ASSAD", country="SYR", sector="GOV")
    deal = dict(event_type="AGREE", mode=(), place=None)
    first = [
        _m("p1", "A U.N.-sponsored deal to evacuate Islamic State fighters from the town was "
           "delayed.", recipients=(JIHADISTS,), day="2017-11-08", **{**deal, "place": TOWN}),
        _m("p2", "The evacuation deal was the first between the Assad government and IS.",
           actors=(assad, JIHADISTS), day="2017-11-08", **deal),
    ]  # fmt: skip
    second = [
        _m("q1", "The regime has allegedly reached an agreement with ISIS in the town.",
           doc="q", actors=(assad,), recipients=(JIHADISTS,), modality="hedged",
           **{**deal, "place": TOWN}),
        _m("q2", "The monitor said officials had agreed to the plan.", doc="q",
           actors=(ActorRef(name="officials"),), **deal),
    ]  # fmt: skip
    [ev] = merge_events(first + second, _docs("p", "q"))
    assert ev.n_sources == 2 and len(ev.claims) == 4
    # a deal somewhere else the same day stays apart
    other = _m("q3", "Rebels agreed to leave the other town.", doc="q", place=OTHER,
               actors=(REBELS,), **{k: v for k, v in deal.items() if k != "place"})  # fmt: skip
    assert len(merge_events(first + second + [other], _docs("p", "q"))) == 2
