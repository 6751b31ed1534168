"""Money voted or approved for a country or a people is AID (issue 14, stop 29; `events.funds`),
on sentences written for this test; near misses: money for a thing at home, a budget, a vote on
a motion."""

from __future__ import annotations


import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions, names, told

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        (
            "The monies that the parliament voted for Kenyan flood relief have arrived.",
            "parliament",
            "ken",
        ),
        ("The Senate voted $5 billion in aid for Ukraine on Thursday.", "congress", "ukraine"),
        ("Congress approved $2 billion in military aid to Taiwan.", "congress", "taiwan"),
        ("Jordan's parliament approved funds for Syrian refugees last week.", "jordan", "syria"),
        ("The funds that the cabinet allocated to Somalia were released.", "cabinet", "somalia"),
    ],
)
def test_funds_for_a_party_are_aid(pipe: Pipeline, text: str, actor: str, recipient: str) -> None:
    [aid] = [m for m in told(mentions(pipe, text), "AID") if m.trigger.text != "aid"]
    assert actor in names(aid.actors)
    assert recipient in names(aid.recipients)


@pytest.mark.parametrize(
    "text",
    [
        "The council voted funds for the new stadium.",
        "Lawmakers approved the budget on Friday.",
        "The city approved money for road repairs in March.",
        "Parliament voted to extend the president's mandate.",
    ],
)
def test_money_for_no_party_is_no_aid(pipe: Pipeline, text: str) -> None:
    assert not [m for m in mentions(pipe, text) if m.event_type == "AID"]


def test_a_vote_on_funds_not_yet_taken_is_no_aid_given(pipe: Pipeline) -> None:
    found = mentions(pipe, "The Senate may vote $5 billion in aid for Ukraine next week.")
    assert not told(found, "AID")
