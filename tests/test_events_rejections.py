"""REJECT in its usual news forms (events.rejections, issue 14): each class on sentences written
for this test, with near misses that must not become rejections."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import E2eDoc, run_documents

pytestmark = pytest.mark.slow


def _events(*texts: str) -> list[dict[str, Any]]:
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    return run_documents(docs).records


def _of(recs: list[dict[str, Any]], typ: str) -> list[dict[str, Any]]:
    return [r for r in recs if r["event_type"] == typ and r["status"] == "reported"]


def _names(rec: dict[str, Any], role: str) -> str:
    return " ".join(a["name"] for a in rec[role]).lower()


def _sentence(rec: dict[str, Any]) -> str:
    return str(rec["claims"][0]["evidence"]["text"])


POSITIVES = [
    # a claim dismissed as false
    ("The army spokesman called the report fabricated.", "spokesman", ""),
    ("The interior ministry described the allegations as unfounded.", "ministry", ""),
    ("The junta dismissed the charges as politically motivated.", "junta", ""),
    # phrasal dismissals
    ("Kenya's government brushed aside the criticism from rights groups.", "kenya", "rights"),
    ("The militia leader shrugged off the sanctions threat.", "militia leader", ""),
    # a plea of not guilty
    ("The three opposition leaders pleaded not guilty to treason charges.", "opposition", ""),
    ("The former governor has pleaded innocent to all counts.", "governor", ""),
    # a summons, a ruling or calls ignored
    (
        "The former president ignored a summons from the anti-corruption court.",
        "president",
        "court",
    ),
    ("The junta ignored calls from the African Union to restore civilian rule.", "junta", "union"),
    # declined, vowed not to give in, said no, not supportive
    ("The premier declined the invitation from the rebels to attend the talks.", "premier", ""),
    ("The prime minister vowed not to resign despite the protests.", "prime minister", ""),
    ("Hamas vowed never to disarm.", "hamas", ""),
    ("The opposition coalition said no to the government's proposal.", "opposition", ""),
    ("Russia was not supportive of the draft resolution.", "russia", ""),
]


@pytest.mark.parametrize(("text", "actor", "recipient"), POSITIVES)
def test_rejections_each_form_is_a_reported_reject(text: str, actor: str, recipient: str) -> None:
    evs = _of(_events(text), "REJECT")
    assert evs, text
    assert any(actor in _names(e, "actors") for e in evs)
    assert any(recipient in _names(e, "recipients") for e in evs)


def test_rejections_the_doer_of_a_rejection_named_outside_its_subject() -> None:
    recs = _events(
        "It was a theory floated by the families, but dismissed by ambassador Dupont as a "
        "conspiracy theory.",
        "Prosecutors on Tuesday ordered the arrest of the governor for ignoring a court summons.",
    )
    actors = " ".join(_names(e, "actors") for e in _of(recs, "REJECT"))
    assert "dupont" in actors
    assert "governor" in actors


def test_rejections_a_dismissed_criticism_is_not_an_accusation_by_the_dismisser() -> None:
    recs = _events("Kenya's government brushed aside the criticism from rights groups.")
    assert not any("kenya" in _names(e, "actors") for e in _of(recs, "ACCUSE"))


NEAR_MISSES = [
    "The accused men pleaded guilty to fraud.",  # an admission
    "He pleaded with the soldiers to let him go.",  # an appeal
    "The minister declined to comment on the report.",  # silence
    "Oil prices declined sharply on Monday.",
    "The president dismissed the army chief on Tuesday.",  # removed from office
    "The general was dismissed from his post after the mutiny.",
    "The two governments ignored requests for comment.",
    "The club rejected a $40 million bid for the striker.",  # a market deal
    "The president vowed to crush the rebels.",  # a threat, not a refusal
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_rejections_near_misses_make_no_reject(text: str) -> None:
    assert not _of(_events(text), "REJECT"), text


def test_rejections_a_plea_of_not_guilty_is_no_request() -> None:
    recs = _events("The three opposition leaders pleaded not guilty to treason charges.")
    assert not _of(recs, "REQUEST")


def test_rejections_a_capital_that_rejects_is_its_state() -> None:
    recs = _events(
        "Tehran rejected the offer for new talks on Tuesday.",
        "The aid worker faces spying charges, which Washington has dismissed as baseless.",
        "Moscow has called the claims fabricated.",
    )
    actors = [_names(e, "actors") for e in _of(recs, "REJECT")]
    assert any("iran" in a for a in actors)
    assert any("united states" in a for a in actors)
    assert any("russia" in a for a in actors)
