"""merge (issue 14, fifth round): distinct events of one story kept apart, by class of input.

Each test is a class of sentences written for it, never a fixture story's."""

from __future__ import annotations

from claimgraph.merge import MergeDoc, merge_events
from claimgraph.model import ActorRef, Attribution, EventMention, Evidence, Span, TimeRef

DOC = {"d1": MergeDoc(id="d1", outlet="Wire", published="2024-05-14", text="one story")}

USA = ActorRef(name="United States", actor_id="state:USA", country="USA", sector="GOV")
BRAZIL = ActorRef(name="Brazil", actor_id="state:BRA", country="BRA", sector="GOV")
LULA = ActorRef(name="Brazil's president", actor_id="prov_0123456789ab", provisional=True)
REBELS = ActorRef(name="the rebels", actor_id="prov_0123456789ac", provisional=True)
ARMY = ActorRef(name="army", actor_id="prov_0123456789ad", provisional=True)


def act(
    mid: str, text: str, event_type: str, actors: list[ActorRef], recipients: list[ActorRef]
) -> EventMention:
    """A mention dated only by its story's publication day (no date of its own)."""
    trig = text.split()[2]
    return EventMention(
        id=mid, document_id="d1", event_type=event_type,
        trigger=Span(start=0, end=len(trig), text=trig), actors=actors, recipients=recipients,
        date=TimeRef(value="2024-05-14", granularity="day", type="approximate",
                     reason="no time expression for the event"),
        attribution=Attribution(stance="assert"),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
    )  # fmt: skip


def test_a_measure_and_the_retaliation_are_two_events() -> None:
    # the actor of one is the recipient of the other: a tariff and the tariff answering it
    # (the first names no recipient: the story's one-day discourse would join them otherwise)
    a = act("m1", "Washington doubled its tariffs on steel and aluminum imports.", "SANCTION",
            [USA], [])  # fmt: skip
    b = act("m2", "Brazil's president retaliated with new tariffs on steel and aluminum imports "
            "from the United States.", "SANCTION", [LULA], [USA])  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 2
    # a demand and the demand answering it
    c = act("m3", "The United States demanded that the talks on steel resume.", "REQUEST",
            [USA], [])  # fmt: skip
    d = act("m4", "Brazil's president demanded that the United States resume the talks on steel.",
            "REQUEST", [LULA], [USA])  # fmt: skip
    assert len(merge_events([c, d], DOC)) == 2


def test_one_measure_told_twice_stays_one_event() -> None:
    a = act("m1", "Washington doubled its tariffs on steel and aluminum imports.", "SANCTION",
            [USA], [])  # fmt: skip
    b = act("m2", "The doubled tariffs on steel and aluminum imports hit Brazil hardest.",
            "SANCTION", [], [BRAZIL])  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 1


def test_one_battle_told_from_either_side_stays_one_event() -> None:
    # attacks are left out: "rebels attacked the army" and "the army attacked rebels" are one fight
    a = act("m1", "The rebels attacked army positions near the town.", "ASSAULT", [REBELS], [ARMY])
    b = act("m2", "The army attacked rebel positions near the town.", "ASSAULT", [ARMY], [REBELS])
    assert len(merge_events([a, b], DOC)) == 1


def _at(m: EventMention, offset: int, *, reference: bool = False) -> EventMention:
    """The mention's sentence placed at `offset` in its story (the trigger found in it)."""
    text = m.evidence.text
    at = offset + text.index(m.trigger.text)
    return m.model_copy(update={
        "evidence": m.evidence.model_copy(update={"start": offset, "end": offset + len(text)}),
        "trigger": Span(start=at, end=at + len(m.trigger.text), text=m.trigger.text),
        "reference": reference,
    })  # fmt: skip


def _one(mid: str, text: str, trigger: str, recipients: list[ActorRef]) -> EventMention:
    m = act(mid, text, "COERCE", [], recipients)
    i = text.index(trigger)
    return m.model_copy(update={"trigger": Span(start=i, end=i + len(trigger), text=trigger)})


def test_another_act_is_not_the_one_told_before() -> None:
    # "followed another raid": a raid of the kind the story told, not that one; and it is told
    # as having happened, though the events stage reads the noun as a reference
    a = _at(_one("m1", "Police raided the offices of two opposition newspapers on Tuesday.",
                 "raided", [ActorRef(name="opposition newspapers")]), 0)  # fmt: skip
    b = _at(_one("m2", "Tuesday's action followed another raid on opposition newspapers.", "raid",
                 [ActorRef(name="opposition newspapers")]), 200, reference=True)  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 2
    # without "another", the two sentences tell one raid
    c = _at(_one("m3", "The raid on opposition newspapers drew wide condemnation.", "raid",
                 [ActorRef(name="opposition newspapers")]), 200)  # fmt: skip
    assert len(merge_events([a, c], DOC)) == 1


def test_another_qualifying_a_person_says_nothing_of_the_act() -> None:
    a = _at(_one("m1", "Police arrested dozens of protesters near the parliament.", "arrested",
                 [ActorRef(name="protesters")]), 0)  # fmt: skip
    b = _at(_one("m2", "Police said another arrested protester was freed on bail.", "arrested",
                 [ActorRef(name="protesters")]), 200)  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 1


def _on(m: EventMention, day: str, doc: str = "d1") -> EventMention:
    """The mention dated by its own sentence ("on Monday")."""
    when = TimeRef(value=day, granularity="day", type="relative", reason="'on Monday'")
    return m.model_copy(update={"date": when, "document_id": doc})


def test_one_story_dating_two_acts_apart_tells_two_acts() -> None:
    # a meeting on Monday and the talks on Tuesday: the story keeps its own days straight
    envoy = ActorRef(name="the envoy", actor_id="prov_0123456789ae", provisional=True)
    a = _on(act("m1", "The envoy met the king in the capital on Monday.", "CONSULT", [envoy],
                [ActorRef(name="king")]), "2024-05-13")  # fmt: skip
    b = _on(act("m2", "The envoy held talks with rebel leaders in the capital on Tuesday.",
                "CONSULT", [envoy], []), "2024-05-14")  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 2
    # two stories a day apart on one meeting: the slack for days misreported stays
    docs = {**DOC, "d2": MergeDoc(id="d2", outlet="Other", published="2024-05-14", text="x")}
    c = _on(act("m3", "The envoy met the king in the capital on Tuesday.", "CONSULT", [envoy],
                [ActorRef(name="king")]), "2024-05-14", doc="d2")  # fmt: skip
    assert len(merge_events([a, c], docs)) == 1


def test_an_attack_dated_by_two_days_in_one_story_may_stay_one() -> None:
    # "the attack on Tuesday" and "hostages held on Wednesday": an attack lasts, and statements
    # on it date it by the day they were made; these are left to the other evidence
    a = _on(act("m1", "Gunmen attacked the hotel in the town on Tuesday.", "ASSAULT", [REBELS],
                [ActorRef(name="hotel guests")]), "2024-05-13")  # fmt: skip
    b = _on(act("m2", "Gunmen attacked hotel guests in the town, police said on Wednesday.",
                "ASSAULT", [REBELS], [ActorRef(name="hotel guests")]), "2024-05-14")  # fmt: skip
    assert len(merge_events([a, b], DOC)) == 1


def _moved(m: EventMention, trigger_at: int) -> EventMention:
    """`m` with its trigger moved to `trigger_at` (a second trigger of the same sentence)."""
    return m.model_copy(
        update={"trigger": Span(start=trigger_at, end=trigger_at + 7, text="imposed")}
    )


def test_two_doers_of_one_sentence_make_two_measures() -> None:
    # (issue 14, stop 41) "Europe retaliated ..., while Canada imposed ...": one sentence, two
    # triggers, doers that share nothing
    text = ("The EU retaliated with its own tariffs on U.S. exports, while Brazil imposed new "
            "tariffs on U.S. steel.")  # fmt: skip
    eu = ActorRef(name="European Union", actor_id="id:eu", sector="IGO")
    a = act("m1", text, "SANCTION", [eu], [USA])
    b = _moved(act("m2", text, "SANCTION", [BRAZIL], [USA]), 62)
    assert len(merge_events([a, b], DOC)) == 2
    # one doer named twice in the sentence is one measure
    c = _moved(act("m3", text, "SANCTION", [BRAZIL], [USA]), 5)
    assert len(merge_events([b, c], DOC)) == 1
