"""merge: hand-built mentions -> events, claims, status, disputes, stable ids."""

from __future__ import annotations

import random

from claimgraph.merge import MergeDoc, merge_events
from claimgraph.model import (
    ActorRef,
    Attribution,
    Count,
    EventMention,
    Evidence,
    Place,
    Size,
    Span,
    TimeRef,
)

RUSSIA = ActorRef(name="Russia", actor_id="RUS", country="RUS", sector="MIL")
SYRIA = ActorRef(name="Syrian government", actor_id="SYRGOV", country="SYR", sector="GOV")
JAI = ActorRef(name="Jaysh al-Islam", actor_id="JAI", country="SYR", sector="REB")
IS = ActorRef(name="Islamic State", actor_id="ISIS", sector="REB")
GHOUTA = Place(name="Eastern Ghouta", geonames_id=9001, lat=33.55, lon=36.45, admin1="Rif Dimashq",
               country="SY", precision="region")  # fmt: skip
DOUMA = Place(name="Douma", geonames_id=170592, lat=33.5722, lon=36.4022, admin1="Rif Dimashq",
              country="SY", precision="town")  # fmt: skip
RAQQA = Place(name="Raqqa", geonames_id=172955, lat=35.95, lon=39.01, admin1="Ar-Raqqah",
              country="SY", precision="town")  # fmt: skip
ALEPPO = Place(name="Aleppo", geonames_id=170063, lat=36.2, lon=37.16, admin1="Aleppo",
               country="SY", precision="town")  # fmt: skip


def mention(
    mid: str,
    doc: str,
    *,
    event_type: str = "ASSAULT",
    actors: list[ActorRef] | None = None,
    recipients: list[ActorRef] | None = None,
    place: Place | None = None,
    day: str | None = "2015-12-25",
    dead: int | None = None,
    stance: str = "report",
    speaker: str | None = None,
    text: str = "An air strike killed Zahran Alloush, the leader of Jaysh al-Islam.",
    trigger: str = "air strike",
    opinion: bool = False,
) -> EventMention:
    return EventMention(
        id=mid,
        document_id=doc,
        event_type=event_type,
        mode=["aerial"] if event_type == "ASSAULT" else [],
        trigger=Span(start=3, end=3 + len(trigger), text=trigger),
        actors=actors or [],
        recipients=recipients or [],
        place=place,
        date=TimeRef(value=day, granularity="day", type="exact") if day else None,
        size=Size(dead=Count(low=dead, best=dead, high=dead)) if dead is not None else Size(),
        attribution=Attribution(speaker=speaker, stance=stance),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
        opinion=opinion,
    )


def docs(*specs: tuple[str, str, str]) -> dict[str, MergeDoc]:
    out = {}
    for i, (did, outlet, pub) in enumerate(specs):
        out[did] = MergeDoc(id=did, outlet=outlet, published=pub, url=None,
                            text=f"distinct text number {i} " * 3 + did)  # fmt: skip
    return out


def test_merge_two_reports_of_one_strike_corroborated() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "Al Jazeera", "2015-12-26"))
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=DOUMA, dead=6),
        mention("m2", "b", actors=[RUSSIA], recipients=[JAI], place=DOUMA, dead=6),
    ]
    [ev] = merge_events(ms, d)
    assert len(ev.claims) == 2
    assert ev.status == "corroborated"
    assert ev.n_sources == 2
    assert ev.documents == ["a", "b"]
    assert ev.disputes == []
    assert ev.id.startswith("evt_")
    assert [c.mention_id for c in ev.claims] == ["m1", "m2"]
    assert ev.claims[0].outlet == "Reuters" and ev.claims[0].published == "2015-12-26"
    assert ev.size.dead is not None and ev.size.dead.best == 6


def test_merge_one_report_is_reported() -> None:
    d = docs(("a", "Reuters", "2015-12-26"))
    [ev] = merge_events([mention("m1", "a", actors=[RUSSIA], place=DOUMA)], d)
    assert ev.status == "reported" and ev.n_sources == 1


def test_merge_assert_and_deny_contested() -> None:
    d = docs(("a", "SOHR", "2015-12-26"), ("b", "SANA", "2015-12-26"))
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=DOUMA, stance="assert"),
        mention("m2", "b", actors=[RUSSIA], recipients=[JAI], place=DOUMA, stance="deny",
                speaker="Russian Defence Ministry", text="Moscow denied carrying out the strike."),
    ]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert ev.status == "contested"
    assert {c.stance for c in ev.claims} == {"assert", "deny"}


def test_merge_only_denials_denied() -> None:
    d = docs(("a", "SANA", "2015-12-26"))
    [ev] = merge_events([mention("m1", "a", actors=[RUSSIA], place=DOUMA, stance="deny")], d)
    assert ev.status == "denied"


def test_merge_perpetrator_disagreement_is_a_dispute() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "Al Jazeera", "2015-12-26"),
             ("c", "BBC", "2015-12-27"))  # fmt: skip
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=DOUMA, dead=6),
        mention("m2", "b", actors=[SYRIA], recipients=[JAI], place=DOUMA, dead=6),
        mention("m3", "c", actors=[RUSSIA], recipients=[JAI], place=GHOUTA, dead=7),
    ]
    [ev] = merge_events(ms, d)
    assert [a.name for a in ev.actors] == ["Russia"]
    disputes = {x.field: x for x in ev.disputes}
    assert "actors" in disputes
    vals = {v.value: v.claims for v in disputes["actors"].values}
    assert vals == {"Russia": [0, 2], "Syrian government": [1]}
    # Ghouta contains Douma: not a dispute on location
    assert "location" not in disputes
    assert ev.location is not None and ev.location.name == "Douma"
    assert {v.value: v.claims for v in disputes["size.dead"].values} == {6: [0, 1], 7: [2]}
    assert ev.size.dead == Count(low=6, best=6, high=7)


def test_merge_perpetrator_disagreement_without_recipients() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "Al Jazeera", "2015-12-26"))
    ms = [mention("m1", "a", actors=[RUSSIA], place=DOUMA),
          mention("m2", "b", actors=[SYRIA], place=DOUMA)]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert [x.field for x in ev.disputes] == ["actors"]


def test_merge_different_days_and_places_stay_apart() -> None:
    d = docs(("a", "Reuters", "2016-03-02"), ("b", "Reuters", "2016-03-09"))
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[IS], place=RAQQA, day="2016-03-01",
                text="Russian jets struck Raqqa."),
        mention("m2", "b", actors=[RUSSIA], recipients=[IS], place=ALEPPO, day="2016-03-08",
                text="Russian jets struck Aleppo."),
    ]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def test_merge_same_day_different_towns_stay_apart() -> None:
    d = docs(("a", "Reuters", "2016-03-02"), ("b", "AFP", "2016-03-02"))
    ms = [mention("m1", "a", actors=[RUSSIA], place=RAQQA, day="2016-03-01"),
          mention("m2", "b", actors=[RUSSIA], place=ALEPPO, day="2016-03-01")]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def test_merge_three_days_apart_stay_apart() -> None:
    d = docs(("a", "Reuters", "2016-03-02"), ("b", "AFP", "2016-03-05"))
    ms = [mention("m1", "a", actors=[RUSSIA], place=RAQQA, day="2016-03-01"),
          mention("m2", "b", actors=[RUSSIA], place=RAQQA, day="2016-03-04")]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def test_merge_different_types_stay_apart() -> None:
    d = docs(("a", "Reuters", "2016-03-02"), ("b", "AFP", "2016-03-02"))
    ms = [mention("m1", "a", actors=[RUSSIA], place=RAQQA),
          mention("m2", "b", event_type="AGREE", actors=[RUSSIA], place=RAQQA)]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def test_merge_unknown_place_one_side_merges() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "AFP", "2015-12-26"))
    ms = [mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=DOUMA),
          mention("m2", "b", actors=[RUSSIA], recipients=[JAI], place=None)]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert ev.location is not None and ev.location.name == "Douma"


def test_merge_opinion_mentions_make_no_claims() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "forum", "2015-12-26"))
    ms = [mention("m1", "a", actors=[RUSSIA], place=DOUMA),
          mention("m2", "b", actors=[RUSSIA], place=DOUMA, opinion=True)]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert [c.mention_id for c in ev.claims] == ["m1"]
    [ev2] = merge_events(ms, d, include_opinion=True)
    assert len(ev2.claims) == 2


def _corpus() -> tuple[list[EventMention], dict[str, MergeDoc]]:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "Al Jazeera", "2015-12-26"),
             ("c", "BBC", "2015-12-27"), ("e", "AFP", "2016-03-02"), ("f", "SANA", "2016-03-09"))  # fmt: skip
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=DOUMA, dead=6),
        mention("m2", "b", actors=[SYRIA], recipients=[JAI], place=DOUMA, dead=6),
        mention("m3", "c", actors=[RUSSIA], recipients=[JAI], place=GHOUTA, stance="deny"),
        mention("m4", "e", actors=[RUSSIA], recipients=[IS], place=RAQQA, day="2016-03-01"),
        mention("m5", "f", actors=[RUSSIA], recipients=[IS], place=ALEPPO, day="2016-03-08"),
        mention("m6", "f", event_type="AGREE", actors=[IS], place=RAQQA, day="2016-03-07",
                text="IS fighters agreed to leave under an evacuation deal.", trigger="agreed"),
        mention("m7", "e", event_type="AGREE", actors=[IS], place=None, day="2016-03-07",
                text="An evacuation deal was agreed with IS.", trigger="agreed"),
    ]  # fmt: skip
    return ms, d


def test_merge_shuffled_input_identical_output() -> None:
    ms, d = _corpus()
    ref = [e.model_dump_json() for e in merge_events(ms, d)]
    assert len(ref) == 4
    rng = random.Random(7)
    for _ in range(10):
        sh = ms[:]
        rng.shuffle(sh)
        dd = dict(sorted(d.items(), key=lambda _: rng.random()))
        assert [e.model_dump_json() for e in merge_events(sh, dd)] == ref


def test_merge_ids_stable_when_later_report_joins() -> None:
    ms, d = _corpus()
    first = {e.mention_ids[0]: e.id for e in merge_events(ms[:1], d)}
    full = {e.id for e in merge_events(ms, d)}
    assert first["m1"] in full


def test_merge_events_sorted_by_date_then_id() -> None:
    ms, d = _corpus()
    evs = merge_events(ms, d)
    keys = [(e.date.value if e.date else "9999", e.id) for e in evs]
    assert keys == sorted(keys)


# --- role agreement, undated documents, arrangements (hand-built mentions) ---

RUSSIA_STATE = ActorRef(name="Russia", actor_id="state:RUS", country="RUS", sector="GOV")
SYRIA_MIL = ActorRef(name="Syrian army", actor_id="SYR-MIL", country="SYR", sector="MIL")
ALLOUSH = ActorRef(name="Zahran Alloush", actor_id="P-ALLOUSH", country="SYR", sector="REB")
DAMASCUS = Place(name="Damascus", geonames_id=170654, lat=33.51, lon=36.29, admin1="Dimashq",
                 country="SY", precision="town")  # fmt: skip


def test_merge_same_country_actors_agree_unresolved_names_do_not_disagree() -> None:
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "AFP", "2015-12-26"))
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=GHOUTA),
        mention("m2", "b", actors=[RUSSIA_STATE], recipients=[ActorRef(name="the group")],
                place=GHOUTA),
    ]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert ev.n_sources == 2


def test_merge_undated_page_joins_on_strong_agreement_and_is_anchored() -> None:
    # page b has no publication date and no resolved dates
    d = docs(("a", "Reuters", "2015-12-26"), ("b", "blog", None))  # type: ignore[arg-type]
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[ALLOUSH], place=GHOUTA),
        mention("m2", "b", actors=[RUSSIA], recipients=[ALLOUSH], place=GHOUTA, day=None),
        # a talk on the undated page that shares nothing dated with a talk two years later
        mention("m3", "b", event_type="CONSULT", actors=[JAI], recipients=[RUSSIA], day=None,
                text="Jaysh al-Islam met Russian officers.", trigger="met"),
        mention("m4", "c", event_type="CONSULT", actors=[JAI], recipients=[RUSSIA],
                day="2018-03-27", text="Jaysh al-Islam met Russian officers.", trigger="met"),
    ]  # fmt: skip
    d["c"] = MergeDoc(id="c", outlet="SMART", published="2018-03-27", text="other text")
    evs = merge_events(ms, d)
    strike = [e for e in evs if e.event_type == "ASSAULT"]
    assert len(strike) == 1 and strike[0].documents == ["a", "b"]
    assert strike[0].date is not None and strike[0].date.value == "2015-12-25"
    # b is anchored to December 2015: its talk is not the 2018 one
    talks = [e for e in evs if e.event_type == "CONSULT"]
    assert len(talks) == 2


def test_merge_perpetrator_dispute_spelling_variant_of_target_in_text() -> None:
    d = docs(("a", "VOA", "2015-12-26"), ("b", "5Pillars", "2015-12-26"))
    ms = [
        mention("m1", "a", actors=[RUSSIA], recipients=[ALLOUSH], place=GHOUTA,
                text="Alloush was killed Friday in a Russian airstrike in Eastern Ghouta."),
        mention("m2", "b", actors=[SYRIA_MIL], place=DAMASCUS, day="2015-12-25",
                text="Drone footage allegedly showing Syrian army airstrikes targeting Zahran "
                     "Allouch near Damascus."),
    ]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert "actors" in {x.field for x in ev.disputes}
    assert ev.status == "corroborated"


def test_merge_alike_strikes_different_rebels_stay_apart() -> None:
    d = docs(("a", "Reuters", "2016-03-02"), ("b", "AFP", "2016-03-02"))
    ms = [mention("m1", "a", actors=[RUSSIA], recipients=[JAI], place=GHOUTA, day="2016-03-01"),
          mention("m2", "b", actors=[SYRIA], recipients=[IS], place=GHOUTA, day="2016-03-01")]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def _evac(mid: str, doc: str, event_type: str, **kw: object) -> EventMention:
    m = mention(
        mid,
        doc,
        event_type=event_type,
        trigger="deal",
        text="A U.N.-brokered deal to evacuate Islamic State fighters from Yarmouk.",
        **kw,
    )  # type: ignore[arg-type]
    mode = {"RETREAT": ["withdraw"], "COERCE": ["deport"]}.get(event_type, [])
    return m.model_copy(update={"mode": mode})


def test_merge_agreement_and_the_evacuation_it_arranges_are_one_event() -> None:
    d = docs(("a", "VOA", "2015-12-26"), ("b", "Reuters", "2015-12-26"))
    ms = [_evac("m1", "a", "AGREE", recipients=[IS], place=DAMASCUS),
          _evac("m2", "b", "RETREAT", actors=[IS], place=DAMASCUS)]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert ev.event_type in ("AGREE", "RETREAT") and ev.n_sources == 2


def test_merge_agreement_and_unrelated_retreat_stay_apart() -> None:
    d = docs(("a", "VOA", "2015-12-26"), ("b", "Reuters", "2015-12-26"))
    # no shared participant, places only consistent (a country and a town): not enough
    ms = [_evac("m1", "a", "AGREE", recipients=[IS], place=DAMASCUS),
          _evac("m2", "b", "RETREAT", actors=[JAI], place=None)]  # fmt: skip
    assert len(merge_events(ms, d)) == 2


def test_merge_publication_fallback_date_does_not_outvote_stated_date() -> None:
    d = docs(("a", "Reuters", "2017-11-09"), ("b", "AFP", "2017-11-09"), ("c", "BBC", "2017-11-09"))
    fallback = TimeRef(value="2017-11-09", granularity="week", type="approximate",
                       reason="no time expression for the event: publication date")  # fmt: skip
    ms = [
        mention("m1", "a", actors=[SYRIA], recipients=[IS], place=DOUMA, day="2017-11-08"),
        mention("m2", "b", actors=[SYRIA], recipients=[IS], place=DOUMA),
        mention("m3", "c", actors=[SYRIA], recipients=[IS], place=DOUMA),
    ]
    ms[1] = ms[1].model_copy(update={"date": fallback})
    ms[2] = ms[2].model_copy(update={"date": fallback})
    [ev] = merge_events(ms, d)
    assert ev.date is not None and ev.date.value == "2017-11-08"
    assert "date" not in {x.field for x in ev.disputes}


def test_merge_planned_only_event_is_planned_not_reported() -> None:
    d = docs(("a", "Reuters", "2015-12-26"))
    m = mention("m1", "a", actors=[RUSSIA], place=DOUMA, text="Russia will strike Douma.")
    [ev] = merge_events([m.model_copy(update={"modality": "planned"})], d)
    assert ev.status == "planned" and ev.modality == "planned"


def test_merge_hypothetical_only_event_is_hypothetical() -> None:
    d = docs(("a", "Reuters", "2015-12-26"))
    m = mention("m1", "a", actors=[RUSSIA], place=DOUMA, text="If Russia strikes Douma, ...")
    [ev] = merge_events([m.model_copy(update={"modality": "hypothetical"})], d)
    assert ev.status == "hypothetical"


def test_merge_planned_claim_beside_a_report_does_not_corroborate() -> None:
    d = docs(("a", "Reuters", "2015-12-24"), ("b", "Al Jazeera", "2015-12-26"))
    plan = mention("m1", "a", actors=[RUSSIA], place=DOUMA).model_copy(
        update={"modality": "planned"}
    )
    [ev] = merge_events([plan, mention("m2", "b", actors=[RUSSIA], place=DOUMA)], d)
    assert ev.status == "reported" and len(ev.claims) == 2


def test_merge_background_years_before_the_report_is_historical() -> None:
    d = docs(("a", "Reuters", "2025-03-12"))
    [ev] = merge_events([mention("m1", "a", actors=[RUSSIA], day="2009-06-01")], d)
    assert "historical" in ev.mode and ev.status == "reported"
    [ev] = merge_events([mention("m1", "a", actors=[RUSSIA], day="2025-03-10")], d)
    assert "historical" not in ev.mode


def test_merge_roles_come_from_mentions_of_the_events_type() -> None:
    from claimgraph.merge.aggregate import build_event

    d = docs(("a", "Reuters", "2015-12-26"))
    attack = mention("m1", "a", recipients=[JAI], place=DOUMA)
    said = mention("m2", "a", event_type="REQUEST", actors=[SYRIA], place=DOUMA,
                   text="The government said the strikes must stop.")  # fmt: skip
    attack2 = mention("m3", "a", recipients=[JAI], place=DOUMA, text="Jets hit Douma again.")
    ev = build_event([attack, said, attack2], d, {"a": "a"})
    assert ev.event_type == "ASSAULT" and ev.actors == []


def test_merge_speech_acts_of_one_story_need_the_same_speaker() -> None:
    # two demands in one story on one day by speakers nobody resolved are two events: a story's
    # many demands, accusations and words of praise are many utterances
    d = docs(("d1", "Wire", "2021-03-02"))
    a = mention("m1", "d1", event_type="REQUEST", day=None, stance="assert",
                actors=[ActorRef(name="rights activists")], trigger="urged",
                text="Rights activists urged the government to act.")  # fmt: skip
    b = mention("m2", "d1", event_type="REQUEST", day=None, stance="assert",
                actors=[ActorRef(name="lawyers")], trigger="requested",
                text="Lawyers requested bail for the journalist.")  # fmt: skip
    assert len(merge_events([a, b], d)) == 2
    # the same strike told twice in one story is still one event
    s1 = mention("s1", "d1", day=None, recipients=[JAI], trigger="strike",
                 text="The strike hit Jaysh al-Islam in Douma.")  # fmt: skip
    s2 = mention("s2", "d1", day=None, trigger="attack", text="The attack destroyed a school.")
    assert len(merge_events([s1, s2], d)) == 1


def test_merge_an_event_only_referred_to_is_not_stored_but_supports_one_reported() -> None:
    d = docs(("d1", "Wire", "2021-04-20"))
    ref = mention("r1", "d1", recipients=[JAI], trigger="strikes",
                  text="It was the anniversary of the strikes on Jaysh al-Islam.").model_copy(update={"reference": True})  # fmt: skip
    assert merge_events([ref], d) == []
    told = mention("t1", "d1", recipients=[JAI], trigger="air strike")
    (ev,) = merge_events([ref, told], d)
    assert len(ev.claims) == 2


def test_merge_one_story_two_tolls_or_two_months_are_two_attacks() -> None:
    d = docs(("d1", "Wire", "2025-03-12"))
    month = lambda day: TimeRef(value=day, granularity="month", type="exact")  # noqa: E731
    a = mention("a1", "d1", recipients=[JAI], place=DOUMA, dead=18).model_copy(
        update={"date": month("2025-02-01")}
    )
    b = mention("b1", "d1", recipients=[JAI], place=DOUMA, dead=1).model_copy(
        update={"date": month("2025-03-01")}
    )
    assert len(merge_events([a, b], d)) == 2
    c = mention("c1", "d1", recipients=[JAI], place=DOUMA, dead=18)
    e = mention("e1", "d1", recipients=[JAI], place=DOUMA, dead=1)
    assert len(merge_events([c, e], d)) == 2
