"""Classes of material and diplomatic relations the events layer reads (issue 14, fourth round),
each on sentences written for this test: talks one leads or joins, meetings that frame another
act, measures announced or dealt out, praise in other words than "praise", votes of a body, and
the other side of a deadly fight."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.eval.tasks.e2e_common import run_documents, E2eDoc

pytestmark = pytest.mark.slow

FACTUAL = ("reported", "corroborated", "contested")


def _body(*texts: str) -> list[dict[str, Any]]:
    docs = [E2eDoc(id=str(i), text=t, published="2025-03-10") for i, t in enumerate(texts)]
    return run_documents(docs).records


def _of(recs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in recs if r["event_type"] == kind and r["status"] in FACTUAL]


def _names(rec: dict[str, Any], role: str) -> str:
    return " ".join(a["name"] for a in rec[role]).lower()


@pytest.mark.parametrize(
    "text",
    [
        "The foreign minister led two days of talks with rebel leaders in Nairobi on Monday.",
        "The Norwegian envoy chaired a meeting of the donor countries in Oslo on Tuesday.",
        "Sudanese army officers joined the negotiations with the militia in Jeddah on Sunday.",
    ],
)
def test_talks_one_leads_chairs_or_joins_took_place(text: str) -> None:
    assert _of(_body(text), "CONSULT")


@pytest.mark.parametrize(
    "text",
    [
        "During a visit to Nairobi on Monday, the Ethiopian prime minister said the border "
        "would reopen.",
        "The general spoke to reporters during a joint news conference with his Kenyan "
        "counterpart on Friday.",
    ],
)
def test_a_visit_or_joint_appearance_that_frames_speech_took_place(text: str) -> None:
    [ev] = _of(_body(text), "CONSULT")
    assert ev["actors"] or ev["recipients"]


@pytest.mark.parametrize(
    "text",
    [
        "The spokesman said during a news conference on Friday that the army would withdraw.",
        "The ambassador restated her position at Tuesday's meeting of the assembly.",
    ],
)
def test_a_lone_news_conference_or_a_bare_setting_is_no_meeting(text: str) -> None:
    assert _of(_body(text), "CONSULT") == []


def test_measures_announced_in_retaliation_are_sanctions_of_the_announcer() -> None:
    [ev] = _of(
        _body(
            "Chilean President Gabriel Boric retaliated on Monday by announcing new tariffs "
            "on Argentine wine."
        ),  # fmt: skip
        "SANCTION",
    )
    assert "boric" in _names(ev, "actors") or "chile" in _names(ev, "actors")


def test_hitting_a_country_with_a_levy_is_a_sanction_not_an_attack() -> None:
    recs = _body("The president hit Argentina with a 30% levy on steel on Monday.")
    assert _of(recs, "SANCTION")
    assert _of(recs, "ASSAULT") == []


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan president credited Norway for its patient mediation on Monday.",
        '"The ceasefire agreement between the two militias is a positive step," the U.N. envoy '
        "said on Monday.",
        '"President Ruto is right," the opposition leader Raila Odinga told reporters on Monday.',
    ],
)
def test_praise_in_other_words_is_support(text: str) -> None:
    assert _of(_body(text), "SUPPORT")


@pytest.mark.parametrize(
    "text",
    [
        '"The situation is positive," the U.N. envoy said on Monday.',
        '"This is not the right approach," the minister said on Monday.',
        "The analyst said the decree was a strategic decision issued at the right time.",
    ],
)
def test_a_good_state_a_negated_judgement_or_a_right_time_is_no_praise(text: str) -> None:
    assert _of(_body(text), "SUPPORT") == []


def test_a_body_voting_for_a_measure_agrees_to_it() -> None:
    assert _of(_body("The Kenyan parliament voted on Monday to approve the peace deal."), "AGREE")


def test_a_body_voting_against_a_measure_rejects_it() -> None:
    recs = _body("The senate voted against the trade agreement with Peru on Tuesday.")
    assert _of(recs, "REJECT")
    assert not [r for r in _of(recs, "AGREE") if "senate" in _names(r, "actors")]


def test_voters_voting_are_no_agreement() -> None:
    assert (
        _of(_body("Millions of people voted in the presidential election on Sunday."), "AGREE")
        == []
    )


def test_rounds_of_talks_held_are_talks() -> None:
    assert _of(
        _body(
            "The Ethiopian foreign minister held three rounds of talks with Eritrean officials in Doha "
            "on Monday."
        ),
        "CONSULT",
    )


def test_rounds_of_tests_counted_over_months_are_a_tally() -> None:
    recs = _body(
        "The North has conducted 11 rounds of missile tests since January to press its demands."
    )
    assert _of(recs, "MOBILIZE") == []
