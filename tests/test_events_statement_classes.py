"""Verbal acts stated without a classic trigger verb (issue 14, fourth round), each class on
sentences written for this test: a stance stated ("reiterated its opposition to"), a demand put
as what a party needs or has to do, a future act of force announced against a party, and an
ultimatum. Each class has its near misses beside it: advice, opinions and quotes with no party
stay no act."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions, names

pytestmark = pytest.mark.slow


def _of(mentions: list[Any], typ: str) -> list[Any]:
    return [m for m in mentions if m.event_type == typ]


def _names(refs: list[Any]) -> list[str]:
    return [a.name for a in refs]


# ---- a stance stated is the act it names


@pytest.mark.parametrize(
    ("text", "typ", "actor"),
    [
        ("India reiterated its objection to the new corridor on Tuesday.", "REJECT", "India"),
        (
            "Egypt restated its opposition to the dam project in a letter to the council.",
            "REJECT",
            "Egypt",
        ),
        ("The ministers reaffirmed their call for an immediate ceasefire.", "REQUEST", "ministers"),
        ("Brazil underscored the need for international observers.", "REQUEST", "Brazil"),
        ("Japan renewed its threat of tariffs on Tuesday.", "THREATEN", "Japan"),
    ],
)
def test_a_stated_stance_is_its_act(pipe: Pipeline, text: str, typ: str, actor: str) -> None:
    [m] = _of(mentions(pipe, text), typ)
    assert m.modality == "asserted"
    assert any(actor in n for n in _names(m.actors))


def test_the_stance_noun_is_no_recipient_but_its_target_is(pipe: Pipeline) -> None:
    [m] = _of(mentions(pipe, "Germany voiced its opposition to Hungary over the veto."), "REJECT")
    assert "opposition" not in " ".join(_names(m.recipients))
    assert any("Hungary" in n for n in _names(m.recipients))


def test_what_a_reluctance_holds_back_did_not_happen(pipe: Pipeline) -> None:
    ms = mentions(
        pipe,
        "The Kremlin said more talks were needed, signaling its reluctance to endorse the plan.",
    )
    [rej] = _of(ms, "REJECT")
    assert rej.actors  # the speaker states the stance the participle spells out
    assert all(m.modality != "asserted" for m in _of(ms, "SUPPORT"))


@pytest.mark.parametrize(
    "text",
    [
        "Officials stressed the need to remain calm.",  # advice, no one asked
        "The president repeated the call.",  # nothing called for
    ],
)
def test_advice_and_bare_stances_are_no_act(pipe: Pipeline, text: str) -> None:
    assert not _of(mentions(pipe, text), "REQUEST")


def test_a_stance_spelled_out_by_a_participle_is_one_act(pipe: Pipeline) -> None:
    ms = mentions(
        pipe,
        "The ministers reaffirmed their concerns over the border, strongly opposing any attempt "
        "to change it by force.",
    )
    assert len(_of(ms, "REJECT")) + len(_of(ms, "ACCUSE")) == 1


# ---- what a party needs or has to do, said to or of it, is a demand


@pytest.mark.parametrize(
    "text",
    [
        '"They need to hand over the suspects," the interior minister told reporters.',
        '"Hamas has to release the hostages now," the envoy said.',
        '"They know that they need to withdraw the battalion," a senior official said.',
        "The foreign minister said the junta must free the detained journalists.",
    ],
)
def test_what_a_party_needs_to_do_is_a_demand(pipe: Pipeline, text: str) -> None:
    ms = mentions(pipe, text)
    [req] = _of(ms, "REQUEST")
    assert req.actors
    # the act demanded is owed, not done
    assert all(m.modality != "asserted" for m in ms if m.event_type not in ("REQUEST",))


@pytest.mark.parametrize(
    "text",
    [
        '"We need to be very firm," the minister said.',  # the speaker's own side
        "Analysts said the government needs to act faster.",  # an opinion
        '"It must be done quickly," he said.',  # no party
        '"The rebels should know that we will respond," the general said.',  # a warning
    ],
)
def test_own_resolve_opinions_and_partyless_musts_are_no_demand(pipe: Pipeline, text: str) -> None:
    assert not _of(mentions(pipe, text), "REQUEST")


def test_had_to_is_done_not_owed(pipe: Pipeline) -> None:
    ms = mentions(pipe, "Residents had to flee when rebels attacked the town on Monday.")
    assert any(m.modality == "asserted" for m in _of(ms, "ASSAULT"))


# ---- a speaker announcing their own side's force against a party threatens it


@pytest.mark.parametrize(
    "text",
    [
        'She said the bandits "will be crushed" by Nigerian security forces.',
        '"We will strike the rebels wherever they hide," the army chief said.',
        "Trump said he will impose tariffs on Mexico next month.",
    ],
)
def test_an_announced_act_of_force_is_a_threat(pipe: Pipeline, text: str) -> None:
    ms = mentions(pipe, text)
    [threat] = _of(ms, "THREATEN")
    assert threat.modality == "asserted" and threat.recipients
    # the act itself has not happened
    assert all(m.modality == "planned" for m in ms if m.event_type in ("ASSAULT", "SANCTION"))


@pytest.mark.parametrize(
    "text",
    [
        "Analysts said Russia will attack Ukraine again in the spring.",  # a forecast
        "U.S. officials said Russian troops will attack Kyiv within days.",  # another side's act
        '"We will not attack civilians," the commander said.',  # a promise not to
    ],
)
def test_forecasts_and_promises_are_no_threat(pipe: Pipeline, text: str) -> None:
    assert not _of(mentions(pipe, text), "THREATEN")


# ---- an ultimatum: a party given a time limit to act


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("The junta gave the French ambassador 48 hours to leave the country.", "France"),
        ("Protesters were given until Friday to clear the square.", "Protesters"),
    ],
)
def test_a_time_limit_to_act_is_an_ultimatum(pipe: Pipeline, text: str, recipient: str) -> None:
    [m] = _of(mentions(pipe, text), "THREATEN")
    assert m.modality == "asserted"
    assert any(recipient in n for n in _names(m.recipients))


def test_days_of_something_given_are_no_ultimatum(pipe: Pipeline) -> None:
    ms = mentions(pipe, "The government gave farmers 14 days of free seed to plant.")
    assert not _of(ms, "THREATEN")


# ---- disapproval stated by a body, or by "we" with a contracted copula


@pytest.mark.parametrize(
    "text",
    [
        "“We’re deeply troubled by what is happening to the detained reporters,” the lawyer said.",
        "The alliance said the council remains concerned with the military build-up.",
    ],
)
def test_a_body_or_we_disapproving_is_an_accusation(pipe: Pipeline, text: str) -> None:
    assert _of(mentions(pipe, text), "ACCUSE")


def test_people_worried_about_their_lives_accuse_no_one(pipe: Pipeline) -> None:
    assert not _of(mentions(pipe, "Residents are concerned about rising prices."), "ACCUSE")


# ---- what a call or demand did is not whether it was made


def test_a_demand_that_did_not_mesh_was_still_made(pipe: Pipeline) -> None:
    ms = mentions(
        pipe,
        "Talks collapsed because Moscow's demand for guarantees and Kyiv's call for a full "
        "withdrawal did not mesh.",
    )
    assert any(m.modality == "asserted" for m in _of(ms, "REQUEST"))


def test_a_threat_that_never_materialized_stays_negated(pipe: Pipeline) -> None:
    ms = mentions(pipe, "The threat never materialized.")
    assert all(m.modality == "negated" for m in _of(ms, "THREATEN"))


# ---- an act someone was kept from did not happen (stop 39)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Soldiers prevented the militia from attacking the camp on Sunday.", "ASSAULT"),
        ("The authorities barred the delegation from meeting the rebel leaders.", "CONSULT"),
        ("Sanctions laws prevent relief workers to negotiate with the rebels.", "CONSULT"),
    ],
)
def test_an_act_kept_from_is_negated(pipe: Pipeline, text: str, typ: str) -> None:
    found = _of(mentions(pipe, text), typ)
    assert found and all(m.modality == "negated" for m in found)


def test_an_act_that_stopped_had_happened(pipe: Pipeline) -> None:
    found = _of(mentions(pipe, "The militia stopped attacking the camp last week."), "ASSAULT")
    assert found and all(m.modality == "asserted" for m in found)


# ---- "he" or "she" as the doer: the person the story just named (stop 39)


def test_she_is_the_person_named_just_before(pipe: Pipeline) -> None:
    text = (
        "UNICEF chief Catherine Russell briefed the council on Monday. "
        "She demanded an end to the hostilities in Darfur."
    )
    found = _of(mentions(pipe, text), "REQUEST")
    assert found and _names(found[0].actors) == ["Catherine Russell"]


def test_he_inside_a_quote_is_not_the_speaker(pipe: Pipeline) -> None:
    text = (
        "Secretary of State Marco Rubio spoke about the Bosnian Serb leader on Tuesday. "
        '"For years, he has threatened the state institutions," Rubio said.'
    )
    assert all("Marco Rubio" not in _names(m.actors) for m in _of(mentions(pipe, text), "THREATEN"))


def test_an_unresolved_pronoun_is_no_party(pipe: Pipeline) -> None:
    found = mentions(pipe, "She demanded an end to the hostilities in Darfur.")
    assert all(not m.actors for m in _of(found, "REQUEST"))


# ---- support or criticism received: the subject is given it (stop 39)


def test_support_received_goes_to_the_subject(pipe: Pipeline) -> None:
    found = _of(
        mentions(pipe, "Jimmy Lai's case has received support from the Canadian government."),
        "SUPPORT",
    )
    assert found and "jimmy lai" in names(found[0].recipients)
    assert "jimmy lai" not in names(found[0].actors)


# ---- what a plan or deal provides for is still to come (stop 39)


def test_what_a_plan_provides_for_is_planned(pipe: Pipeline) -> None:
    text = "The two sides signed an agreement on withdrawing troops from the border on Monday."
    found = _of(mentions(pipe, text), "RETREAT")
    assert found and all(m.modality == "planned" for m in found)


def test_what_was_done_stays_asserted(pipe: Pipeline) -> None:
    text = "The army succeeded in withdrawing its troops from the border on Monday."
    found = _of(mentions(pipe, text), "RETREAT")
    assert found and all(m.modality == "asserted" for m in found)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Rather than attacking the town, the rebels withdrew to the hills on Monday.", "ASSAULT"),
        ("Instead of calling for sanctions, the minister urged talks with Kigali.", "REQUEST"),
    ],
)
def test_an_act_set_aside_is_negated(pipe: Pipeline, text: str, typ: str) -> None:
    found = [m for m in _of(mentions(pipe, text), typ) if m.trigger.text.endswith("ing")]
    assert found and all(m.modality == "negated" for m in found)
