"""merge (issue 14, third round): one real-world event kept in two rows, by class of input.

Each test is a class of sentences written for it, never a fixture story's."""

from __future__ import annotations

from claimgraph.merge import MergeDoc, features, merge_events
from claimgraph.model import ActorRef, Attribution, EventMention, Evidence, Place, Span, TimeRef

DOC = {"d1": MergeDoc(id="d1", outlet="Wire", published="2024-07-05", text="one story")}

GOV_X = ActorRef(name="Government of Central African Republic", actor_id="CAF-GOV",
                 country="CAF", sector="GOV")  # fmt: skip
TALIBAN = ActorRef(name="Taliban", actor_id="cg:taliban", country="AFG", sector="REB")
AFG_GOV = ActorRef(name="Government of Afghanistan", actor_id="AFG-GOV", country="AFG",
                   sector="GOV")  # fmt: skip


def said(mid: str, text: str, actors: list[ActorRef], event_type: str = "REQUEST") -> EventMention:
    trig = text.split()[3]
    return EventMention(
        id=mid, document_id="d1", event_type=event_type,
        trigger=Span(start=0, end=len(trig), text=trig), actors=actors,
        date=TimeRef(value="2024-07-05", granularity="week", type="approximate",
                     reason="no time expression for the event"),
        attribution=Attribution(stance="assert"),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
    )  # fmt: skip


def test_dotted_initialism_resolves_like_the_registry_name_without_dots() -> None:
    car = ActorRef(name="C.A.R", actor_id="prov_0123456789ab", provisional=True)
    f = features(said("m1", "The C.A.R is pleading with civilians.", [car]), DOC["d1"])
    ((key, country, sector, resolved, _),) = f.actor_refs
    assert (key, country, resolved) == ("id:state:CAF", "CAF", True)
    # a name that only looks like one stays as it is
    odd = ActorRef(name="Q.X.Z.", actor_id="prov_0123456789ac", provisional=True)
    f = features(said("m2", "The Q.X.Z. is pleading with civilians.", [odd]), DOC["d1"])
    assert f.actor_refs[0][3] is False


def test_a_state_and_its_government_are_one_speaker() -> None:
    # "the C.A.R. is pleading" and "C.A.R. officials are pleading": one appeal of one story
    car = ActorRef(name="C.A.R.", actor_id="prov_0123456789ab", provisional=True)
    a = said("m1", "The C.A.R. is pleading with civilians to return to their villages.", [car])
    b = said("m2", "Government officials are pleading with civilians to go back home.", [GOV_X])
    assert len(merge_events([a, b], DOC)) == 1


def test_a_state_and_its_rebels_or_another_state_stay_two_speakers() -> None:
    a = said("m1", "The Taliban are pleading with civilians to return to their villages.",
             [TALIBAN])  # fmt: skip
    b = said("m2", "Government officials are pleading with civilians to go back home.", [AFG_GOV])
    assert len(merge_events([a, b], DOC)) == 2
    car = ActorRef(name="C.A.R.", actor_id="prov_0123456789ab", provisional=True)
    c = said("m3", "The C.A.R. is pleading with civilians to return to their villages.", [car])
    assert len(merge_events([c, b], DOC)) == 2


USA = ActorRef(name="United States", actor_id="state:USA", country="USA", sector="GOV")
WASHINGTON = Place(name="Washington", geonames_id=4140963, lat=38.9, lon=-77.04, country="US",
                   precision="town")  # fmt: skip
KABUL = Place(name="Kabul", geonames_id=1138958, lat=34.53, lon=69.17, country="AF",
              precision="town")  # fmt: skip


def test_a_capital_that_speaks_is_its_state() -> None:
    # "Washington alleges": the capital is the speaker (and the events stage's place), the story's
    # other sentence names the state; one accusation
    cap = said("m1", "Washington also alleges the group broke its commitments.",
               [ActorRef(name="Washington")], "ACCUSE").model_copy(update={"place": WASHINGTON})  # fmt: skip
    f = features(cap, DOC["d1"])
    assert [r[0] for r in f.actor_refs] == ["id:state:USA"]
    us = said("m2", "U.S. officials have blamed the group for the violence.", [USA], "ACCUSE")
    assert len(merge_events([cap, us], DOC)) == 1


def test_a_capital_attacked_is_a_place_not_its_state() -> None:
    hit = said("m1", "Militants attacked Kabul overnight with rockets.", [],
               "ASSAULT").model_copy(update={"recipients": [ActorRef(name="Kabul")], "place": KABUL})  # fmt: skip
    assert features(hit, DOC["d1"]).recipient_refs == ()


def test_only_a_leading_article_is_dropped_from_a_name() -> None:
    from claimgraph.merge.features import _norm_name

    assert _norm_name("the Taliban") == "taliban"
    # "their school" is not "ir school", nor "Thein Sein" "in sein"
    assert _norm_name("their school") == "their school"
    assert _norm_name("Thein Sein") == "thein sein"
    assert _norm_name("al-Shabaab") == "shabaab"
