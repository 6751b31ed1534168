"""Acts the triggers missed, fifth round (issue 14), each class on sentences written for this
test: an order to close a place, a court adjourning a detainee's case, a state's veto, the
agent of a passive act named only as persons, and a denial hung on the main verb after a dash."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import E2eDoc, run_documents

pytestmark = pytest.mark.slow


def _events(*texts: str) -> list[dict[str, Any]]:
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    return run_documents(docs).records


def _of(recs: list[dict[str, Any]], typ: str, status: str = "reported") -> list[dict[str, Any]]:
    return [r for r in recs if r["event_type"] == typ and r["status"] == status]


def _names(rec: dict[str, Any], role: str) -> str:
    return " ".join(a["name"] for a in rec[role]).lower()


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The interior minister ordered the police to seal off the town after the riots.",
            "minister",
        ),
        ("The junta has instructed the army to seal the border crossings with Thailand.", "junta"),
    ],
)
def test_an_order_to_close_a_place_is_coercion_that_happened(text: str, actor: str) -> None:
    evs = _of(_events(text), "COERCE")
    assert any(actor in _names(e, "actors") for e in evs)


def test_an_order_to_leave_or_a_refused_order_is_no_closure() -> None:
    recs = _events(
        "The president ordered the army to leave the capital.",
        "The governor did not order the police to seal the town.",
    )
    assert not _of(recs, "COERCE")


def test_a_court_adjourning_a_detainees_case_is_its_own_coercion() -> None:
    [ev] = _of(
        _events("A magistrate in Lagos on Monday adjourned the trial of three detained activists."),
        "COERCE",
    )
    assert "prosecute" in ev["mode"]
    assert "activists" in _names(ev, "recipients")


@pytest.mark.parametrize(
    "text",
    [
        "China then used its veto to block the resolution on Myanmar in March.",
        "The United States cast a veto against the draft text on Thursday.",
    ],
)
def test_a_veto_used_or_cast_is_a_rejection(text: str) -> None:
    assert _of(_events(text), "REJECT")


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("The mayor said his family had been threatened by unknown individuals.", "individuals"),
        (
            "A reporter was attacked by two armed individuals outside his home on Sunday.",
            "individuals",
        ),
    ],
)
def test_persons_named_only_as_individuals_are_agents(text: str, agent: str) -> None:
    recs = _events(text)
    assert any(agent in _names(r, "actors") for r in recs)


def test_a_denial_after_a_dash_is_a_rejection_not_a_denied_claim() -> None:
    recs = _events("The army published casualty figures last week — which the rebels denied.")
    [ev] = _of(recs, "REJECT")
    assert "rebels" in _names(ev, "actors")


@pytest.mark.parametrize(
    ("text", "typ", "who"),
    [
        ("Forty of those who fled the prison have been caught.", "COERCE", "those who fled"),
        ("Police arrested those who took part in the banned march.", "COERCE", "those who took"),
    ],
)
def test_those_picked_out_by_an_act_are_participants(text: str, typ: str, who: str) -> None:
    [ev] = _of(_events(text), typ)
    assert who in _names(ev, "recipients")


def test_those_without_a_relative_clause_stay_no_participant() -> None:
    [ev] = _of(_events("Police arrested those on the list on Monday."), "COERCE")
    assert not ev["recipients"]


def test_an_attempt_to_overthrow_a_leader_is_an_assault_that_happened() -> None:
    recs = _events(
        "Officers involved in the attempt to overthrow President Ana Kalu in May are in jail."
    )
    [ev] = _of(recs, "ASSAULT")
    assert "kalu" in _names(ev, "recipients")


def test_a_vow_to_overthrow_is_no_assault_that_happened() -> None:
    assert not _of(_events("The rebels vowed to overthrow the regime in Bamako."), "ASSAULT")


@pytest.mark.parametrize(
    "text",
    [
        "The new prime minister vowed to restore order in the northern provinces.",
        "Three neighbouring countries offered to take in the refugees stranded at the border.",
        "The commission proposed a $40 billion plan for rebuilding the port.",
        "The rebel commander said his fighters were ready to hand over their weapons.",
    ],
)
def test_a_promise_offer_or_proposal_is_no_agreement_that_happened(text: str) -> None:
    recs = _events(text)
    assert not _of(recs, "AGREE")
    assert not _of(recs, "AGREE", "corroborated")


@pytest.mark.parametrize(
    "text",
    [
        "The two governments signed a trade agreement in Nairobi on Monday.",
        "Ukraine agreed to a 30-day ceasefire after talks in Jeddah.",
        "The rebels accepted the government's proposal for a truce.",
    ],
)
def test_an_agreement_made_stays_an_agreement_that_happened(text: str) -> None:
    assert _of(_events(text), "AGREE")
