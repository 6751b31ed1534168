"""Events told by a noun or beside the verb (issue 14, nominal triggers; `events.operations`),
each class on sentences written for this test: a military operation or campaign with its
parties, an offensive's parties from its participle, a protest told "in protest" or by what
protesters do, a call by phone, forces arriving; and the modality of such nouns ("a possible
offensive", "operations are expected"). Near misses beside each class: an operation with no
frame, a civil or police operation, a protester something happens to, a phone with no call."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions, told

pytestmark = pytest.mark.slow


def _names(refs: list[Any]) -> str:
    return " ".join(a.name for a in refs)


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        (
            "The raid followed an operation carried out by the Kenyan Defence Forces on Sunday, "
            "which resulted in the deaths of 12 militants.",
            "Kenya",
            "",
        ),
        (
            "Nigerian soldiers are conducting operations against Boko Haram near Maiduguri.",
            "",
            "Boko Haram",
        ),
        (
            "The air force pressed on with its bombing campaign against the rebels in Darfur.",
            "",
            "rebels",
        ),
        (
            "A counteroffensive launched by Ukrainian troops last week retook two villages.",
            "Ukrain",
            "",
        ),
    ],
)
def test_an_operation_with_its_parties_is_an_attack(
    pipe: Pipeline, text: str, actor: str, recipient: str
) -> None:
    reported = told(mentions(pipe, text), "ASSAULT")
    assert reported
    assert any(actor in _names(m.actors) and recipient in _names(m.recipients) for m in reported)


def test_the_toll_of_an_operation_is_its_own(pipe: Pipeline) -> None:
    text = (
        "The bombing came a day after an operation conducted by the army's special forces, which "
        "resulted in the deaths of 9 insurgents."
    )
    ops = [m for m in told(mentions(pipe, text), "ASSAULT") if m.trigger.text == "operation"]
    assert ops and ops[0].size.dead is not None and ops[0].size.dead.best == 9


@pytest.mark.parametrize(
    "text",
    [
        "The command oversees U.S. military operations in the Middle East.",  # no frame
        "Firefighters launched a rescue operation after the building collapsed.",  # civil kind
        "Police launched an operation to arrest the suspects on Friday.",  # a search
        "The company expanded its operations in Kenya last year.",  # business
        "The election campaign against the ruling party began in May.",  # not military
    ],
)
def test_an_operation_without_a_military_frame_is_no_attack(pipe: Pipeline, text: str) -> None:
    assert not [
        m for m in mentions(pipe, text) if m.trigger.text.startswith(("operation", "campaign"))
    ]


def test_an_offensive_takes_its_doer_from_the_participle(pipe: Pipeline) -> None:
    text = "An offensive launched by government forces in the north last month has stalled."
    [m] = [m for m in mentions(pipe, text) if m.trigger.text == "offensive"]
    assert "forces" in _names(m.actors)


def test_an_operation_told_again_in_the_clause_is_one_event(pipe: Pipeline) -> None:
    text = (
        "The army stormed the town of Kafr Nabl, marking the first time in a year that government "
        "forces have conducted a military operation in the area."
    )
    assert len(told(mentions(pipe, text), "ASSAULT")) == 1


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Diplomats warned of a possible offensive against the city by the rebels.", "hypothetical"),
        ("New operations against the militants are expected next month.", "planned"),
        ("Talks between the two sides are scheduled to begin in June.", "planned"),
        ("The opposition is not only angry with the deal but also a military offensive "
         "launched by the army against the rebels in the east.", "asserted"),
    ],
)  # fmt: skip
def test_the_modality_of_nominal_events(pipe: Pipeline, text: str, mode: str) -> None:
    nouns = [
        m for m in mentions(pipe, text) if m.trigger.text in ("offensive", "operations", "Talks")
    ]
    assert nouns and nouns[0].modality == mode


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        (
            "Thousands of people gathered outside the embassy in Nairobi in protest against the "
            "Ugandan government's decision.",
            "people",
            "Uganda",
        ),
        ("Shopkeepers in Hebron closed their stores in protest on Tuesday.", "Shopkeepers", ""),
        (
            "Demonstrators threw stones at police officers in central Caracas.",
            "Demonstrators",
            "police",
        ),
        (
            "Police fired water cannon at the marchers and protesters, some of whom hurled bottles "
            "at officers.",
            "protesters",
            "officers",
        ),
    ],
)
def test_a_protest_told_beside_the_verb(
    pipe: Pipeline, text: str, actor: str, recipient: str
) -> None:
    reported = told(mentions(pipe, text), "PROTEST")
    assert any(actor in _names(m.actors) and recipient in _names(m.recipients) for m in reported)


@pytest.mark.parametrize(
    "text",
    [
        "A protester died in hospital on Sunday.",  # what befalls protesters
        "Protesters were arrested by the police.",
    ],
)
def test_what_befalls_protesters_is_no_protest_act(pipe: Pipeline, text: str) -> None:
    assert not [
        m
        for m in mentions(pipe, text)
        if m.event_type == "PROTEST" and m.trigger.text != "Protesters"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The foreign minister spoke by phone on Monday with his Turkish counterpart.",
        "Macron talked on the phone with Erdogan about the crisis.",
        "The president spoke by video link with the German chancellor.",
    ],
)
def test_a_call_by_phone_is_a_consultation(pipe: Pipeline, text: str) -> None:
    [m] = told(mentions(pipe, text), "CONSULT")
    assert m.mode == ["phone"] and m.recipients


def test_a_phone_with_no_call_is_no_consultation(pipe: Pipeline) -> None:
    text = "The minister spoke by phone to reporters about the budget."  # no "with" partner
    assert not [m for m in mentions(pipe, text) if m.event_type == "CONSULT"]


def test_peacekeepers_arriving_are_deployed(pipe: Pipeline) -> None:
    text = "Additional African Union peacekeepers arrived in Mogadishu on Thursday."
    [m] = told(mentions(pipe, text), "MOBILIZE")
    assert m.actors  # the peacekeepers (resolved to the African Union)


def test_success_met_is_no_meeting(pipe: Pipeline) -> None:
    assert not told(mentions(pipe, "The plan met with fierce resistance from farmers."), "CONSULT")
