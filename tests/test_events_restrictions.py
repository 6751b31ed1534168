"""COERCE told without a plain coercion verb (issue 14, stop 29; `events.restrictions`,
`events.members`), on sentences written for this test: access refused, people sent to a place
of detention, a party told as one of a class that acted; near misses beside each class."""

from __future__ import annotations


import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions, names, told

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "kept_out"),
    [
        ("The army did not allow journalists to enter the town.", "allow", "army", "journalists"),
        ("The junta never lets reporters travel to Rakhine state.", "lets", "junta", "reporters"),
        ("Police refused to allow aid workers into the camp on Monday.", "allow", "police", "aid workers"),
        ("Israeli forces did not permit the convoy to reach the hospital.", "permit", "israel", "convoy"),
    ],
)  # fmt: skip
def test_access_refused_is_coercion(
    pipe: Pipeline, text: str, trigger: str, actor: str, kept_out: str
) -> None:
    [m] = [m for m in told(mentions(pipe, text), "COERCE") if m.trigger.text == trigger]
    assert actor in names(m.actors)
    assert kept_out in names(m.recipients)


@pytest.mark.parametrize(
    "text",
    [
        "The law does not allow imports of ivory.",
        "The rules do not allow it.",
        "Israel allowed aid trucks to enter Gaza.",
        "The weather did not allow the boats to leave the harbour.",
    ],
)
def test_a_permission_given_or_to_a_thing_is_no_restriction(pipe: Pipeline, text: str) -> None:
    assert not [m for m in mentions(pipe, text) if m.mode == ["refuse"]]


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "recipient"),
    [
        ("Authorities transferred the detainees to a military prison.", "transferred", "authorities", "detainees"),
        ("The court sent the former minister to jail for five years.", "sent", "court", "minister"),
        ("Kenya began sending what it called illegal migrants to a detention center in Mombasa.", "sending", "kenya", ""),
    ],
)  # fmt: skip
def test_people_sent_to_detention_are_detained(
    pipe: Pipeline, text: str, trigger: str, actor: str, recipient: str
) -> None:
    [m] = [m for m in told(mentions(pipe, text), "COERCE") if m.trigger.text == trigger]
    assert actor in names(m.actors)
    assert recipient in names(m.recipients)


@pytest.mark.parametrize(
    "text",
    [
        "He returned to prison after his parole ended.",
        "The charity sent food to the prison.",
        "The ministry sent a letter to the prison director.",
    ],
)
def test_no_one_sent_to_detention(pipe: Pipeline, text: str) -> None:
    assert not [m for m in mentions(pipe, text) if m.event_type == "COERCE"]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Norway and Chile are among the countries that have banned trawling near reefs.", ["norway", "chile"]),
        ("Egypt is one of the countries that have arrested journalists this year.", ["egypt"]),
    ],
)  # fmt: skip
def test_a_member_of_a_class_does_what_the_class_did(
    pipe: Pipeline, text: str, actors: list[str]
) -> None:
    [m] = told(mentions(pipe, text), "COERCE")
    assert all(a in names(m.actors) for a in actors)


def test_a_party_addressing_a_class_is_no_member(pipe: Pipeline) -> None:
    text = "Canada called on countries that banned imports of ivory to lift the ban."
    bans = [m for m in mentions(pipe, text) if m.trigger.text == "banned"]
    assert all("canada" not in names(m.actors) for m in bans)


@pytest.mark.parametrize(
    "text",
    [
        "China held naval drills encircling the island on Monday.",
        "The exercises surrounded the island for two days, officials said.",
    ],
)
def test_the_shape_of_an_exercise_is_no_blockade(pipe: Pipeline, text: str) -> None:
    found = mentions(pipe, text)
    assert [m for m in found if m.event_type == "MOBILIZE"]
    assert not [m for m in found if m.event_type == "COERCE"]


@pytest.mark.parametrize(
    "text",
    ["Rebels encircled the town on Sunday.", "Troops encircling the city cut off its water."],
)
def test_forces_encircling_a_place_still_coerce(pipe: Pipeline, text: str) -> None:
    assert [m for m in mentions(pipe, text) if m.event_type == "COERCE"]
