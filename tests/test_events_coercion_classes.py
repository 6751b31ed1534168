"""Coercion, detention and release (issue 14, fourth round), each class on sentences written for
this test: detentions told as a state, people caught, a campaign of arrests counted since a
date, court acts on a custody, releases with typed parties, typed groups, and a story's
coercive measures of different kinds kept apart."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import E2eDoc, run_documents
from claimgraph.eval.tasks.e2e_fixture import _row_types

pytestmark = pytest.mark.slow


def _events(*texts: str) -> list[dict[str, Any]]:
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    return run_documents(docs).records


def _of(recs: list[dict[str, Any]], typ: str) -> list[dict[str, Any]]:
    return [r for r in recs if r["event_type"] == typ]


def _names(rec: dict[str, Any], role: str) -> str:
    return " ".join(a["name"] for a in rec[role]).lower()


@pytest.mark.parametrize(
    ("text", "held"),
    [
        (
            "Two former ministers and a senior party official are also in jail, awaiting trial "
            "on charges of fraud.",
            "ministers",
        ),
        (
            "The opposition leader has been in custody since March 3 over accusations of treason.",
            "leader",
        ),
        (
            "The three reporters are back in prison after a court in Kano overturned their bail.",
            "reporters",
        ),
    ],
)
def test_a_detention_told_as_a_state_with_a_legal_tie_is_coercion(text: str, held: str) -> None:
    [ev] = _of(_events(text), "COERCE")
    assert held in _names(ev, "recipients")
    assert not ev["actors"] or "court" in _names(ev, "actors")


@pytest.mark.parametrize(
    "text",
    [
        "About 900 prisoners were in detention at the end of the year.",
        "Thousands of people remain in jail across the country.",
    ],
)
def test_a_population_in_detention_is_no_event(text: str) -> None:
    assert not _of(_events(text), "COERCE")


def test_people_caught_are_arrested_but_not_fire_or_crossfire() -> None:
    [ev] = _of(
        _events("Police caught the two suspects at a checkpoint near Kano on Sunday."), "COERCE"
    )
    assert "police" in _names(ev, "actors") and "suspects" in _names(ev, "recipients")
    assert not _of(
        _events(
            "Two soldiers were caught in the crossfire.", "The warehouse caught fire on Sunday."
        ),
        "COERCE",
    )


def test_arrests_counted_since_a_date_by_a_force_are_one_campaign() -> None:
    recs = _events(
        "The interior minister said police have arrested more than 300 protesters since January 12."
    )
    [ev] = _of(recs, "COERCE")
    assert ev["status"] == "reported" and "police" in _names(ev, "actors")
    # an agentless tally over a period stays no event
    assert not _of(
        _events("In the past two years, journalists have been detained across the region."),
        "COERCE",
    )


def test_court_acts_on_a_custody() -> None:
    recs = _events(
        "A judge in Lagos revoked the activist's bail on Thursday.",
        "A court in Harare granted the opposition leader house arrest on Monday.",
    )
    revoked = [r for r in _of(recs, "COERCE") if "revoked" in r["claims"][0]["evidence"]["text"]]
    assert revoked and "activist" in _names(revoked[0], "recipients")
    granted = [r for r in recs if "granted" in r["claims"][0]["evidence"]["text"]]
    assert [r["event_type"] for r in granted] == ["CONCEDE"]  # no arrest of its own


def test_releases_name_typed_captors_and_captives() -> None:
    recs = _events(
        "Forty villagers abducted in a raid on Sabon Gari were freed by their kidnappers on Friday.",
        "The judge granted bail to three students on Monday.",
    )
    freed = [r for r in _of(recs, "RETREAT") if "release" in r["mode"]]
    assert len(freed) == 2
    names = " ".join(_names(r, "actors") + " " + _names(r, "recipients") for r in freed)
    assert "kidnappers" in names and "villagers" in names and "students" in names


def test_a_group_typed_by_its_members_is_a_participant() -> None:
    [ev] = _of(_events("A criminal ring was dismantled in Valencia in May."), "COERCE")
    assert "ring" in _names(ev, "recipients")


def test_displacement_as_a_state_is_no_coercion() -> None:
    assert not _of(_events("Villagers are starting to become displaced."), "COERCE")


def test_coercive_measures_of_different_kinds_stay_apart() -> None:
    recs = _events(
        "Police arrested 20 protesters in Yangon on Monday. The junta also imposed a curfew on "
        "three townships in Yangon on Monday."
    )
    assert sorted(tuple(r["mode"]) for r in _of(recs, "COERCE")) == [("arrest",), ("curfew",)]


def test_the_fixture_reads_a_retreat_release_as_the_guidelines_concede() -> None:
    assert _row_types({"event_type": "RETREAT", "mode": ["release"]}) == {"RETREAT", "CONCEDE"}
    assert _row_types({"event_type": "RETREAT", "mode": ["withdraw"]}) == {"RETREAT"}
