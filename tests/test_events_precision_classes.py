"""Classes of input that made rows no gold event matches (issue 14, fourth round: precision),
each on sentences written for this test: a name given with "called" that the parser reads as a
call, a date that belongs to another noun, and the grounds of a measure or one instance of what a
clause says ("sanctioned for ..., including by targeting journalists")."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import E2eDoc, run_documents

pytestmark = pytest.mark.slow


def _events(*texts: str) -> list[list[dict[str, Any]]]:
    """The records of each text, run as its own document (published Monday 2025-03-10)."""
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    recs = run_documents(docs).records
    ids = {d.id: k for k, d in enumerate(docs)}
    out: list[list[dict[str, Any]]] = [[] for _ in texts]
    for r in recs:
        for k in {ids[i] for i in _story_ids(r, docs)}:
            out[k].append(r)
    return out


def _story_ids(rec: dict[str, Any], docs: list[E2eDoc]) -> list[str]:
    texts = {d.id: d.text for d in docs}
    return [i for i, t in texts.items() for c in rec["claims"] if c["evidence"]["text"] in t]


def _types(recs: list[dict[str, Any]]) -> set[str]:
    return {r["event_type"] for r in recs}


def test_a_name_given_with_called_is_no_call() -> None:
    named, call = _events(
        "A Muslim-dominated militia called the anti-Kamba fought back, with both the Kamba and "
        "anti-Kamba being accused of looting villages.",
        "The French president called the Turkish leader on Tuesday to discuss the crisis.",
    )
    assert "CONSULT" not in _types(named)
    assert "CONSULT" in _types(call)


def test_a_date_of_another_noun_does_not_date_the_event() -> None:
    delivery, incident, own, subject, setting = _events(
        "Despite January's delivery of the missiles, Washington indicated that sanctions would "
        "only be imposed if Ankara activated the system.",
        "The abduction of the students is the third such incident since November.",
        "The deadliest bombing, in 2009, killed 40 people in the market.",
        "A military court in January sentenced the journalist to ten years in prison.",
        "In an interview Thursday with reporters, the lawyer said the leader does not recognize "
        "the court.",
    )
    for recs in (delivery, incident):
        dated = [r["date"]["value"] for r in recs if r["date"] and r["date"]["value"]]
        assert recs and not any(d.startswith(("2025-01", "2024-11")) for d in dated)
    [bombing] = [r for r in own if r["event_type"] == "ASSAULT"]
    assert bombing["date"]["value"].startswith("2009")
    [sentence] = [r for r in subject if r["event_type"] == "COERCE"]
    assert sentence["date"]["value"].startswith("2025-01")
    [refusal] = [r for r in setting if r["event_type"] == "REJECT"]
    assert refusal["date"]["value"] == "2025-03-06"  # the interview's Thursday


def test_the_grounds_of_a_measure_are_no_event_of_their_own() -> None:
    sanctioned, arrested, means = _events(
        "The general, who was sanctioned by the European Union last year for abuses, including "
        "by shelling hospitals, resigned on Friday.",
        "The student was arrested for attacking a police officer.",
        "Gunmen killed five soldiers on Sunday by detonating a bomb near the station.",
    )
    assert "ASSAULT" not in _types(sanctioned) and "SANCTION" in _types(sanctioned)
    assert "ASSAULT" not in _types(arrested) and "COERCE" in _types(arrested)
    assert "ASSAULT" in _types(means)
