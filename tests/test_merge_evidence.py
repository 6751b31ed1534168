"""merge (issues 14 and 19): a link needs shared evidence (merge/evidence.py).

Two mentions of one type, one day and one country, from two stories, link only when they share
a participant, a place finer than the country or words of their evidence. Each pair is built
here for its class, never copied from a fixture story."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from claimgraph.merge import MergeDoc, merge_events
from claimgraph.merge.evidence import content_words, country_word, shared_evidence
from claimgraph.merge.features import MentionFeatures, _names, _words
from claimgraph.merge.score import THRESHOLD, UNCONFIRMED, score
from claimgraph.model import ActorRef, Attribution, EventMention, Evidence, Place, Span, TimeRef

DAY = (date(2024, 3, 5), date(2024, 3, 5))
SYRIA = Place(name="Syria", geonames_id=163843, lat=35.0, lon=38.0, country="SY",
              precision="country")  # fmt: skip
DOUMA = Place(name="Douma", geonames_id=170654, lat=33.57, lon=36.4, country="SY", admin1="08",
              precision="town")  # fmt: skip
ARMY = ("id:SYR-MIL", "SYR", "MIL", True, frozenset())
REBELS = ("name:rebels", None, None, False, frozenset())
ISLAM = ("id:jaysh-al-islam", "SYR", "REB", True, frozenset({"jaysh"}))


def mention(mid: str, doc: str, text: str, trigger: str, **kw: object) -> MentionFeatures:
    """An ASSAULT of 5 March 2024 placed in Syria as a whole, told by story `doc`."""
    base = MentionFeatures(
        id=mid, document_id=doc, event_type="ASSAULT", modes=frozenset(), interval=DAY,
        date_from_doc=False, granularity="day", place=SYRIA, country="SY",
        actors=frozenset(), recipients=frozenset(), trigger=trigger, words=_words(text),
        dead=None, names=_names(text),
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def test_merge_evidence_one_day_one_country_is_not_enough() -> None:
    a = mention("m1", "d1", "Jets struck a market on Tuesday, witnesses in Syria said.", "struck")
    b = mention("m2", "d2", "Gunmen ambushed a convoy of Syrian trucks on Tuesday.", "ambushed")
    assert not shared_evidence(a, b)
    s = score(a, b)
    assert s is not None and s <= UNCONFIRMED < THRESHOLD
    # the same trigger word is the type again, not evidence ("attack" and "attack")
    c = mention("m3", "d1", "The attack on a checkpoint was condemned.", "attack")
    d = mention("m4", "d2", "Officials blamed Tuesday's attack on smugglers.", "attack")
    assert not shared_evidence(c, d)
    assert (score(c, d) or 0.0) < THRESHOLD


def test_merge_evidence_a_denial_naming_no_one_against_an_unplaced_mention() -> None:
    a = mention("m1", "d1", "It was not true that anything was shelled.", "shelled", denied=True,
                place=None, country=None)  # fmt: skip
    b = mention("m2", "d2", "Artillery hit the outskirts of a village.", "hit", place=None,
                country=None)  # fmt: skip
    assert (score(a, b) or 0.0) < THRESHOLD


def test_merge_evidence_a_shared_participant_links() -> None:
    a = mention("m1", "d1", "Jets struck a market, witnesses said.", "struck", actor_refs=(ARMY,))
    b = mention("m2", "d2", "An air raid killed nine civilians.", "raid", actor_refs=(ARMY,))
    assert shared_evidence(a, b)
    assert (score(a, b) or 0.0) >= THRESHOLD
    # a role filler in either role: the target of one, named as the actor of the other
    c = replace(b, actor_refs=(REBELS,), recipient_refs=(ARMY,))
    assert shared_evidence(a, c)
    # a resolved filler of one named in the other's text
    e = mention("m3", "d2", "Jaysh fighters came under fire near the highway.", "fire")
    f = replace(a, recipient_refs=(ISLAM,))
    assert shared_evidence(e, f)


def test_merge_evidence_a_town_links_a_country_does_not() -> None:
    a = mention("m1", "d1", "Shells hit a bakery.", "hit", place=DOUMA)
    b = mention("m2", "d2", "A mortar round killed two children.", "killed", place=DOUMA)
    assert shared_evidence(a, b)
    assert (score(a, b) or 0.0) >= THRESHOLD
    # one of them placed in the country only: the town is not shared
    assert not shared_evidence(a, replace(b, place=SYRIA))
    # two located places within a few kilometres are one place
    near = Place(name="Harasta", lat=33.56, lon=36.37, country="SY", precision="town")
    assert shared_evidence(a, replace(b, place=near))


def test_merge_evidence_words_and_names_of_the_evidence() -> None:
    a = mention("m1", "d1", "A car bomb exploded outside the central bank.", "exploded")
    b = mention("m2", "d2", "The car bomb at the bank wounded guards.", "bomb")
    assert shared_evidence(a, b)  # car, bomb, bank
    assert (score(a, b) or 0.0) >= THRESHOLD
    # one content word besides dates and countries is not enough
    c = mention("m3", "d1", "Syrian forces shelled rebel lines on Tuesday.", "shelled")
    d = mention("m4", "d2", "Fighting with Syrian forces went on Tuesday in Syria.", "fighting")
    assert content_words(c.words) & content_words(d.words) == {"forces"}
    assert not shared_evidence(c, d)
    # a proper name finer than a country (a person, a group, a town) in both texts
    e = mention("m5", "d1", "Forces loyal to Haftar shelled the port.", "shelled")
    f = mention("m6", "d2", "Haftar's artillery opened fire at dawn.", "fire")
    assert shared_evidence(e, f)


def test_merge_evidence_country_words() -> None:
    for w in ("syria", "syrian", "pakistani", "afghan", "ukrainian", "iraqi", "russia", "yemeni"):
        assert country_word(w), w
    for w in ("douma", "aleppo", "haftar", "alloush", "bakery", "jaysh"):
        assert not country_word(w), w


def test_merge_evidence_one_story_keeps_its_discourse() -> None:
    # one writer returning to one happening: the story is the shared context
    a = mention("m1", "d1", "Jets struck a market on Tuesday.", "struck")
    b = mention("m2", "d1", "The raid was the deadliest this year.", "raid")
    assert shared_evidence(a, b)


def _em(mid: str, doc: str, text: str, actors: list[ActorRef]) -> EventMention:
    trig = text.split()[1]
    return EventMention(
        id=mid, document_id=doc, event_type="ASSAULT",
        trigger=Span(start=0, end=len(trig), text=trig), actors=actors,
        place=SYRIA, date=TimeRef(value="2024-03-05", granularity="day", type="exact"),
        attribution=Attribution(stance="assert"),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
    )  # fmt: skip


def test_merge_evidence_two_attacks_of_one_day_in_one_country_stay_two_events() -> None:
    docs = {d: MergeDoc(id=d, outlet=f"Wire {d}", published="2024-03-06", text="a story")
            for d in ("d1", "d2", "d3")}  # fmt: skip
    army = ActorRef(name="Syrian army", actor_id="SYR-MIL", country="SYR", sector="MIL")
    police = ActorRef(name="police", actor_id="SYR-COP", country="SYR", sector="COP")
    a = _em("m1", "d1", "Jets struck a market in the east, killing nine.", [army])
    b = _em("m2", "d2", "Gunmen ambushed a police convoy on the highway.", [police])
    c = _em("m3", "d3", "Army jets struck the crowded market, residents said.", [army])
    events = merge_events([a, b, c], docs)
    assert sorted(len(e.claims) for e in events) == [1, 2]
