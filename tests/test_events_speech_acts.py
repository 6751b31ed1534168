"""Speech acts over planned content (issue 14, fifth round; `events.speech_acts`), each class on
sentences written for this test: a response or a concession announced, support pledged to go
on, a need stated, a task put to a party, a proposal for a body to act, and a demand after
"if ..., then they must". The saying is asserted; the planned content stays planned. Near
misses beside each class: a forecast by an analyst, a negated or past clause, a judgement of
need, another side's act, a talk resumed."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions

pytestmark = pytest.mark.slow


def _asserted(mentions: list[Any], typ: str) -> list[Any]:
    return [m for m in mentions if m.event_type == typ and m.modality == "asserted"]


def _names(refs: list[Any]) -> list[str]:
    return [a.name for a in refs]


@pytest.mark.parametrize(
    "text",
    [
        "The Indian defense minister said India would respond firmly to any provocation.",
        "Tokyo's envoy said, adding that Japan would retaliate against any attack on its ships.",
        "The minister said the navy will take measures to defend the country's waters.",
        "The president wrote that he will be declaring a state of emergency in the border region.",
        '"I urge my colleague to understand that if the tests continue, our allies will have to '
        'take steps to protect their territory," the ambassador said.',
    ],
)
def test_an_announced_response_is_a_threat(pipe: Pipeline, text: str) -> None:
    assert _asserted(mentions(pipe, text), "THREATEN")


@pytest.mark.parametrize(
    "text",
    [
        "Analysts said India would respond to the provocation.",  # a forecast by commentators
        "The minister said India would not respond to the provocation.",  # negated
        "The minister said India responded to the provocation last year.",  # told, not announced
    ],
)
def test_no_threat_without_an_announced_response(pipe: Pipeline, text: str) -> None:
    assert not [
        m for m in _asserted(mentions(pipe, text), "THREATEN") if "respond" in m.trigger.text
    ] and not [m for m in _asserted(mentions(pipe, text), "THREATEN") if m.trigger.text == "said"]


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Germany said on Monday that it would resume aid to Niger.", "Niger"),
        ("The European Union said it will lift the sanctions on Belarus next month.", "Belarus"),
        ("Brazil announced that it would restore relations with Venezuela.", "Venezuela"),
    ],
)
def test_an_announced_concession(pipe: Pipeline, text: str, recipient: str) -> None:
    [m] = _asserted(mentions(pipe, text), "CONCEDE")
    assert recipient in _names(m.recipients)


@pytest.mark.parametrize(
    "text",
    [
        "Germany said that it would resume talks with Niger.",  # a meeting, not a concession
        "Analysts said Germany would lift the sanctions on Belarus.",  # a forecast
        "France said Germany would resume aid to Niger.",  # another side's act
        "Germany said it would not resume aid to Niger.",  # negated
    ],
)
def test_no_concession(pipe: Pipeline, text: str) -> None:
    assert not _asserted(mentions(pipe, text), "CONCEDE")


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            '"Our government will continue to stand with the people of Sudan," the envoy said.',
            "Sudan",
        ),
        (
            'The minister said, "We will continue to support Moldova in every way we can."',
            "Moldova",
        ),
    ],
)
def test_support_pledged_to_go_on(pipe: Pipeline, text: str, recipient: str) -> None:
    ms = _asserted(mentions(pipe, text), "SUPPORT")
    assert any(recipient in " ".join(_names(m.recipients)) for m in ms)


def test_support_that_stops_is_no_pledge(pipe: Pipeline) -> None:
    text = "The minister said they will not continue to support the program."
    assert not _asserted(mentions(pipe, text), "SUPPORT")


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ('"It is now for Hamas to accept the offer," the envoy said.', "REQUEST"),
        ('"It is up to Belgrade to end the boycott," the commissioner said.', "REQUEST"),
        (
            "The bill follows a French proposal for the Security Council to extend the mission.",
            "REQUEST",
        ),
        ("The governor said more help was urgently needed in the flooded towns.", "REQUEST"),
        (
            '"If the rebels are serious, then they must free the hostages," the minister told '
            "reporters.",
            "REQUEST",
        ),
    ],
)
def test_demands_in_other_forms(pipe: Pipeline, text: str, typ: str) -> None:
    assert _asserted(mentions(pipe, text), typ)


@pytest.mark.parametrize(
    "text",
    [
        "The judge said it was necessary for him to study the file.",  # a judgement of need
        "It is for this reason that the talks failed.",  # a cleft, no task
        "The governor said no more help was urgently needed.",  # negated need
        "The governor said some planning is needed in every department.",  # a description
        "The judge said it was up to the State to prove the charge.",  # a burden told
        '"It is up to the voters to decide," the mayor said.',  # a decision deferred
        '"It is in the public interest for the State to finish the work," she wrote.',
    ],
)
def test_no_demand(pipe: Pipeline, text: str) -> None:
    assert not _asserted(mentions(pipe, text), "REQUEST")


def test_the_planned_content_stays_planned(pipe: Pipeline) -> None:
    text = "The Indian defense minister said India would strike the camps if the attacks go on."
    ms = mentions(pipe, text)
    assert not [m for m in ms if m.event_type == "ASSAULT" and m.modality == "asserted"]


def test_a_message_acts_for_its_issuer(pipe: Pipeline) -> None:
    text = (
        "Foreign Minister Sergey Lavrov issued a statement on Monday about the vote. "
        "The statement demanded the withdrawal of all foreign troops."
    )
    [m] = _asserted(mentions(pipe, text), "REQUEST")
    assert "Lavrov" in " ".join(_names(m.actors))


def test_a_message_with_no_issuer_named_before_has_none(pipe: Pipeline) -> None:
    text = "The statement demanded the withdrawal of all foreign troops."
    assert all(not m.actors for m in _asserted(mentions(pipe, text), "REQUEST"))
