"""Accusations and sanctions the rules did not read (issue 14, stop 41), each class on sentences
written for this test: a party judged as "one of the most abusive" of its kind, a part taken in a
wrong, measures named for what they punish, a passive agent the parser hangs on the
instrument."""

from __future__ import annotations

from typing import Any

import pytest

from sentences import mentions

pytestmark = pytest.mark.slow


def _of_type(pipe: Any, text: str, typ: str) -> list[tuple[list[str], list[str]]]:
    return [
        ([a.name for a in m.actors], [r.name for r in m.recipients])
        for m in mentions(pipe, text)
        if m.event_type == typ and not m.reference
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Donald Trump said the EU is one of the most abusive authorities in the world.",
        "Donald Trump contended that the EU is one of the most hostile and abusive trading "
        "partners in the world.",
    ],
)
def test_one_of_the_most_abusive_judges_its_subject(pipe: Any, text: str) -> None:
    [(accuser, accused)] = _of_type(pipe, text, "ACCUSE")
    assert accuser == ["Donald Trump"]
    assert accused == ["European Union"]


def test_one_of_the_largest_judges_no_one(pipe: Any) -> None:
    text = "The minister said Kenya is one of the largest refugee hosts in the world."
    assert _of_type(pipe, text, "ACCUSE") == []


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Antony Blinken said Sali Berisha was involved in corrupt acts during his term.",
         "Sali Berisha"),
        ("The monitor said the militia engaged in corrupt practices at the border.", "militia"),
    ],
)  # fmt: skip
def test_a_part_in_a_wrong_said_of_a_party_accuses_it(pipe: Any, text: str, accused: str) -> None:
    found = _of_type(pipe, text, "ACCUSE")
    assert any(accused in recipients for _actors, recipients in found)


def test_a_part_in_talks_accuses_no_one(pipe: Any) -> None:
    assert _of_type(pipe, "Officials said the army was involved in the talks.", "ACCUSE") == []


def test_punitive_measures_are_a_sanction(pipe: Any) -> None:
    assert _of_type(pipe, "China imposed punitive measures on Australia.", "SANCTION") == [
        (["China"], ["Australia"])
    ]


def test_a_passive_agent_hung_on_the_instrument_is_the_actor(pipe: Any) -> None:
    text = "Many democracies have been threatened with economic consequences by China."
    [(actors, recipients)] = _of_type(pipe, text, "THREATEN")
    assert actors == ["China"]
    assert "China" not in recipients


def test_a_date_in_a_clause_about_the_subject_leaves_the_trigger_its_own(pipe: Any) -> None:
    text = ("Sali Berisha, who was defeated as prime minister in 2013, rejected the allegations "
            "on Thursday.")  # fmt: skip
    [m] = [m for m in mentions(pipe, text) if m.event_type == "REJECT"]
    assert m.date is not None and m.date.value == "2025-03-06"


def test_a_surname_alone_is_the_first_person_of_that_name(pipe: Any) -> None:
    text = ("The United States sanctioned Sali Berisha, a former prime minister of Albania. "
            "The sanctions also cover his son Shkelzen Berisha. "
            "Berisha rejected the allegations on Thursday.")  # fmt: skip
    found = [[a.name for a in m.actors] for m in mentions(pipe, text) if m.event_type == "REJECT"]
    assert found and all("Shkelzen Berisha" not in names for names in found)
    assert any("Sali Berisha" in names for names in found)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("If this happens, Turkey will not buy any more U.S. combat aircraft.", "ASSAULT"),
        ("Several other sanctions bills against Turkey are pending in Congress.", "SANCTION"),
        ("The aid group reports that the population of the northeast is suffering.", "AID"),
        ("Migrants are held at the immigration detention center in Bangkok.", "COERCE"),
    ],
)
def test_a_trigger_noun_naming_a_kind_of_thing_is_no_event(pipe: Any, text: str, typ: str) -> None:
    assert _of_type(pipe, text, typ) == []


def test_a_trigger_noun_of_a_change_is_the_act(pipe: Any) -> None:
    assert _of_type(pipe, "Donald Trump announced tariff hikes on Chinese goods.", "SANCTION")


def test_a_trigger_noun_of_an_attempt_or_an_incident_is_the_act(pipe: Any) -> None:
    text = "Police arrested 34 people involved in the failed assassination attempt on Monday."
    assert any(m.event_type == "ASSAULT" for m in mentions(pipe, text))


def test_retaliating_with_tariffs_is_a_sanction(pipe: Any) -> None:
    found = _of_type(pipe, "Europe retaliated with its own tariffs on U.S. exports.", "SANCTION")
    assert any("Europe" in actors for actors, _r in found)


def test_recognizing_a_person_is_no_recognition(pipe: Any) -> None:
    text = "She says an officer recognized her but another pointed his gun at her."
    assert _of_type(pipe, text, "SUPPORT") == []
    assert _of_type(pipe, "Hamas recognized Israel last year.", "SUPPORT") == [
        (["Hamas"], ["Israel"])
    ]


def test_looking_to_do_is_planning_it(pipe: Any) -> None:
    text = "Ankara had been looking to repair strained relations with Israel."
    [m] = [m for m in mentions(pipe, text) if m.event_type == "SUPPORT"]
    assert m.modality == "planned"


def test_a_participle_on_a_noun_under_if_is_hypothetical(pipe: Any) -> None:
    text = "If they are added to the lists of prisoners pardoned by the king, they will be freed."
    [m] = [m for m in mentions(pipe, text) if m.event_type == "CONCEDE"]
    assert m.modality == "hypothetical"
    text = "The prisoners pardoned by the king were freed on Monday."
    [m] = [m for m in mentions(pipe, text) if m.event_type == "CONCEDE"]
    assert m.modality == "asserted"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Burkina Faso, Mali and Niger withdrew from ECOWAS in January.", "Ecowas"),
        ("The rebels withdrew from the talks in Doha on Monday.", None),
    ],
)
def test_leaving_a_body_or_a_pact_is_a_sanction(pipe: Any, text: str, body: str | None) -> None:
    found = _of_type(pipe, text, "SANCTION")
    assert found and _of_type(pipe, text, "RETREAT") == []
    if body is not None:
        assert any(body in recipients for _a, recipients in found)


def test_troops_withdrawn_from_a_place_retreat(pipe: Any) -> None:
    assert _of_type(pipe, "Russian troops withdrew from Kherson on Friday.", "RETREAT")
