"""Classes of wrong participants seen on the seed pages (issue 14), each on sentences written for
this test: the speaker of a direct quote taken as a role of the act quoted, one party on both
sides of one event, and a participle modifier read as a passive."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import E2eDoc, run_documents
from claimgraph.merge import MergeDoc, merge_events
from claimgraph.model import ActorRef, Attribution, EventMention, Evidence, Span, TimeRef


def _events(*texts: str) -> list[dict[str, Any]]:
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    return run_documents(docs).records


def _names(rec: dict[str, Any], role: str) -> list[str]:
    return [a["name"] for a in rec[role]]


def _all_names(recs: list[dict[str, Any]]) -> set[str]:
    return {n for r in recs for role in ("actors", "recipients") for n in _names(r, role)}


# -- 1. the speaker of a direct quote is its speaker, not a participant of the act quoted


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "\u201cThey were driven to the quarry and shot in the back,\u201d 52-year-old farmer "
        "Khalil told the Guardian on Monday.",
        "\u201cThe men were lined up. They were beaten and shot,\u201d a 35-year-old shopkeeper "
        "told the Associated Press.",
    ],
)
def test_quote_speaker_is_no_participant(text: str) -> None:
    names = _all_names(_events(text))
    assert not any(
        w in n for n in names for w in ("farmer", "Khalil", "shopkeeper", "Guardian", "Press")
    )


@pytest.mark.slow
def test_quote_roles_inside_the_quote_and_speaker_outside() -> None:
    [ev] = [
        r
        for r in _events(
            "\u201cPolice officers beat the students,\u201d a 28-year-old nurse told Reuters."
        )
        if r["event_type"] == "ASSAULT"
    ]
    assert _names(ev, "recipients") == ["students"]
    assert ev["claims"][0]["speaker"] == "28-year-old nurse"


@pytest.mark.slow
def test_quote_multi_clause_attribution_names_the_speaker() -> None:
    recs = _events(
        "\u201cThe men were taken from their homes. The gunmen dragged them out and shot them,"
        "\u201d 40-year-old teacher Samir told the BBC."
    )
    speakers = {c["speaker"] for r in recs for c in r["claims"]}
    assert speakers == {"40-year-old teacher Samir"}


@pytest.mark.slow
def test_indirect_speech_pronoun_is_still_the_speaker() -> None:
    # no quotation marks: "it" is the army that denies (unchanged)
    recs = _events("The army denied that it attacked the village of Karvar.")
    assert any("army" in n for n in _all_names(recs))


# -- 3. a present participle's noun does the act; a past participle's noun undergoes it


@pytest.mark.slow
def test_present_participle_modifier_noun_is_the_actor() -> None:
    [ev] = [
        r
        for r in _events(
            # the participle has a time of its own: an act (without one it describes the
            # noun, non_events.standing_participle, stop 30)
            "The minister described the French troops aiding the Malian army on Monday as "
            "occupiers."
        )
        if r["event_type"] == "AID"
    ]
    assert _names(ev, "actors") and "France" in " ".join(_names(ev, "actors"))
    assert "France" not in " ".join(_names(ev, "recipients"))


@pytest.mark.slow
def test_past_participle_modifier_noun_is_the_recipient() -> None:
    recs = _events("Witnesses saw a convoy attacked by militants near Gao on Monday.")
    ev = [r for r in recs if r["event_type"] == "ASSAULT"]
    assert ev and "militants" in _names(ev[0], "actors")
    assert _names(ev[0], "recipients") == ["convoy"]


# -- 2. one party on one side of an event (aggregation)

GOV = ActorRef(name="Syrian government", actor_id="SYRGOV", country="SYR", sector="GOV")
IS = ActorRef(name="Islamic State", actor_id="ISIS", sector="REB")
MIL = ActorRef(name="other militants")


def _m(mid: str, actors: list[ActorRef], recipients: list[ActorRef], text: str) -> EventMention:
    return EventMention(
        id=mid,
        document_id=mid,
        event_type="AGREE",
        trigger=Span(start=0, end=4, text="deal"),
        actors=actors,
        recipients=recipients,
        date=TimeRef(value="2015-12-26", granularity="day", type="exact"),
        attribution=Attribution(stance="report"),
        evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
    )


def _docs(*ids: str) -> dict[str, MergeDoc]:
    return {
        d: MergeDoc(id=d, outlet=f"outlet {d}", published="2015-12-26", url=None, text=d * 40)
        for d in ids
    }


def test_one_party_keeps_the_side_more_claims_name() -> None:
    ms = [
        _m("a", [GOV, IS], [], "The deal between the government and IS was the first."),
        _m("b", [IS], [], "IS agreed to the deal, monitors said."),
        _m("c", [], [IS, MIL], "A deal to evacuate IS fighters and other militants stalled."),
    ]
    [ev] = merge_events(ms, _docs("a", "b", "c"))
    acts = {a.name for a in ev.actors}
    recs = {a.name for a in ev.recipients}
    assert not acts & recs
    assert "Islamic State" in acts and recs == {"other militants"}


def test_fighting_within_a_group_stated_in_one_sentence_keeps_both_sides() -> None:
    ms = [_m("a", [IS], [IS], "IS fighters clashed with other IS fighters in Raqqa.")]
    [ev] = merge_events(ms, _docs("a"))
    assert [a.name for a in ev.actors] == ["Islamic State"]
    assert [a.name for a in ev.recipients] == ["Islamic State"]


def test_different_parties_on_each_side_are_untouched() -> None:
    ms = [_m("a", [GOV], [IS, MIL], "The government agreed a deal with IS and other militants.")]
    [ev] = merge_events(ms, _docs("a"))
    assert [a.name for a in ev.actors] == ["Syrian government"]
    assert {a.name for a in ev.recipients} == {"Islamic State", "other militants"}


@pytest.mark.slow
def test_quoted_we_is_the_speakers_side_quoted_they_is_not() -> None:
    [we] = [
        r
        for r in _events(
            "\u201cWe attacked the army checkpoint at dawn,\u201d rebel commander Abu Omar told "
            "Reuters."
        )
        if r["event_type"] == "ASSAULT"
    ]
    assert _names(we, "actors") == ["Abu Omar"]
    they = [
        r
        for r in _events(
            "\u201cThey attacked the army checkpoint at dawn,\u201d rebel commander Abu Omar told "
            "Reuters."
        )
        if r["event_type"] == "ASSAULT"
    ]
    assert they and not _names(they[0], "actors")
    assert they[0]["claims"][0]["speaker"] == "Abu Omar"


# -- 4. a place where talks are held, or what is declared, is no participant


@pytest.mark.slow
def test_venue_of_talks_is_no_recipient() -> None:
    recs = _events("The two foreign ministers met in Doha on Sunday.")
    ev = [r for r in recs if r["event_type"] == "CONSULT"]
    assert ev and "Qatar" not in " ".join(_names(ev[0], "recipients"))
    assert "Doha" not in " ".join(_names(ev[0], "recipients"))


@pytest.mark.slow
def test_place_an_attack_hits_is_still_its_target() -> None:
    recs = _events("Gunmen opened fire in Kidal on Monday, killing four people.")
    assert any(r["event_type"] == "ASSAULT" for r in recs)


@pytest.mark.slow
def test_what_is_declared_is_no_participant() -> None:
    recs = _events(
        "The group declared an emirate and its fighters began looting shops in the town in 2014."
    )
    names = _all_names(recs)
    assert not any("emirate" in n.lower() for n in names)


# -- 5. a photo caption alone makes no event; it may support one the body reports


def _seg(m: EventMention, segment: str) -> EventMention:
    return m.model_copy(update={"evidence": m.evidence.model_copy(update={"segment": segment})})


def test_caption_only_event_is_not_exported() -> None:
    cap = _seg(
        _m("a", [GOV], [IS], "The minister talks during a meeting in Damascus, May 3."), "caption"
    )
    assert merge_events([cap], _docs("a")) == []


def test_caption_supports_a_body_event() -> None:
    body = _m("a", [GOV], [IS], "The government agreed a deal with IS on Saturday.")
    cap = _seg(
        _m("b", [GOV], [IS], "The minister talks during a meeting, Dec. 26, 2015."), "caption"
    )
    [ev] = merge_events([body, cap], _docs("a", "b"))
    assert len(ev.claims) == 2
