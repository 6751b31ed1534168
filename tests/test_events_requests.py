"""Requests that something stop or be done (issue 14, stop 29; `events.speech_acts`), each class
on sentences written for this test, near misses beside it: a thing that stops by itself, a
negated or conditional clause, the speaker's own side, advice, a party told only to hear."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import extract as ex
from claimgraph.events.speech_acts import DEMAND, parties
from sentences import trigger_roles


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


def _demands(nlp: Any, text: str) -> list[tuple[Any, str, list[str], list[str]]]:
    def roles(sent: Any, tok: Any, entry: Any) -> Any:
        if entry is not DEMAND:
            return None
        got = parties(tok, entry)
        return None if got is None else tuple([ex.np_span(x) for x in g] for g in got)

    return trigger_roles(nlp, text, roles)


@pytest.mark.parametrize(
    "text",
    [
        "The bishop says the killing of farmers should stop.",
        "The mayor said the violence has to end now.",
        'Residents said "these evictions must stop."',
    ],
)
def test_an_end_asked_for_in_speech_is_a_request(nlp: Any, text: str) -> None:
    assert [t for e, t, *_ in _demands(nlp, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The bishop says the killing of farmers should not stop.",  # negated
        "The bishop says the killing of farmers stopped last year.",  # told, not asked
        "The bishop says the rains should stop by June.",  # nothing a party does
        "If the talks fail, the truce should end, the bishop says.",  # a condition
    ],
)
def test_no_request_where_no_end_is_asked(nlp: Any, text: str) -> None:
    assert not _demands(nlp, text)


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ('"The government must release the detained journalists."', "government"),
        ('"Israel must halt the demolitions at once."', "Israel"),
    ],
)
def test_a_quoted_demand_on_a_named_party_is_a_request(nlp: Any, text: str, recipient: str) -> None:
    [(entry, trig, acts, recs)] = _demands(nlp, text)
    assert trig == "must" and recipient in recs[0]


@pytest.mark.slow
def test_a_quoted_demand_is_made_and_what_it_asks_is_not_yet_done(pipe: Any) -> None:
    from sentences import mentions

    found = mentions(pipe, '"Israel must halt the demolitions at once." The envoy spoke.')
    [demand] = [m for m in found if m.event_type == "REQUEST"]
    assert demand.modality == "asserted" and demand.trigger.text == "must"
    assert [a.name for a in demand.recipients] == ["Israel"]
    assert all(m.modality != "asserted" for m in found if m.trigger.text == "halt")


@pytest.mark.parametrize(
    "text",
    [
        '"We must release the detained journalists."',  # the speaker's own side
        '"People must get involved in their towns."',  # everyone
        '"The government should release the detained journalists."',  # advice
        '"If the court agrees, the government must release them."',  # a condition
        '"The government must not release the detained journalists."',  # negated
        '"The government must understand that the journalists are innocent."',  # a lesson
        "The government must release the detained journalists.",  # the story's own voice
    ],
)
def test_no_quoted_demand_without_a_named_party(nlp: Any, text: str) -> None:
    assert not _demands(nlp, text)


def test_a_party_told_to_act_is_asked_and_reporters_told_are_not(nlp: Any) -> None:
    [(entry, trig, acts, recs)] = _demands(
        nlp, "The governor told the district officials to close the markets."
    )
    assert trig == "told" and "governor" in acts[0] and "officials" in recs[0]
    assert not _demands(nlp, "The governor told reporters to expect a decision.")
    assert not _demands(nlp, "The governor did not tell the officials to close the markets.")
    assert not _demands(nlp, "The governor told the officials that the markets were closed.")


# --- stop 30: requests told without a verb of asking (wishes, passives, deontic speech) -------


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("The farmers want the government to lift the ban on imports.", "farmers", "government"),
        ("Taiwan wishes Beijing would stop its military drills.", "Taiwan", "Beijing"),
        ("The family would like the authorities to return the body.", "family", "authorities"),
        ("Kenya wants Somalia to hand over the suspects.", "Kenya", "Somalia"),
    ],
)
def test_a_wish_for_another_partys_act_is_a_request(
    nlp: Any, text: str, actor: str, recipient: str
) -> None:
    [(entry, trig, acts, recs)] = _demands(nlp, text)
    assert actor in acts[0] and recipient in recs[0]


def test_a_wish_told_in_a_relative_clause_is_its_holders(nlp: Any) -> None:
    """ "X is among those who want ...": X wants; a passive act names no party asked."""
    [(entry, trig, acts, recs)] = _demands(
        nlp, "Mary Kibet is among those who want the hunts to be stopped."
    )
    assert trig == "want" and "Kibet" in acts[0] and recs == []
    [(entry, trig, acts, recs)] = _demands(
        nlp, "Lawyer Sok Dara is one of the people who want the charges to be dropped."
    )
    assert "Sok Dara" in acts[0]


@pytest.mark.parametrize(
    "text",
    [
        "The farmers want to sell their crops in Europe.",  # their own act
        "The farmers do not want the government to lift the ban.",  # negated
        "I want you to know that we are ready.",  # to know, no act
        "Does Kenya want Somalia to hand over the suspects?",  # a question
        "The president said he wants the troops to come home by Christmas.",  # his own troops
        "If Kenya wants Somalia to act, it must say so.",  # a condition
        "The farmers want the prices to rise.",  # a thing, no party to ask
    ],
)
def test_no_request_in_a_wish_for_ones_own_act_or_a_thing(nlp: Any, text: str) -> None:
    assert not [t for e, t, *_ in _demands(nlp, text) if t in ("want", "wants", "wishes")]


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("The bloggers were asked to record their experiences on video.", "bloggers"),
        ("Residents were told to leave their homes by Friday.", "Residents"),
        ("The companies have been urged to hand over their records.", "companies"),
        ("Shop owners were asked by the police to close early.", "owners"),
    ],
)
def test_a_party_asked_in_the_passive_is_the_recipient(nlp: Any, text: str, recipient: str) -> None:
    [(entry, trig, acts, recs)] = _demands(nlp, text)
    assert recipient in recs[0]


def test_the_asker_of_a_passive_is_its_by_party(nlp: Any) -> None:
    [(entry, trig, acts, recs)] = _demands(nlp, "Shop owners were asked by the police to close.")
    assert "police" in acts[0]


@pytest.mark.parametrize(
    "text",
    [
        "Residents were not told to leave their homes.",  # negated
        "Reporters were told to expect a statement.",  # told only to hear
        "The minister was asked whether the sanctions would be lifted.",  # a question
        "Were the companies asked to hand over their records?",  # a question
    ],
)
def test_no_passive_request_without_an_act_asked(nlp: Any, text: str) -> None:
    assert not _demands(nlp, text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("The envoy said the militias must quit attacking aid convoys.", "militias"),
        ("Rights groups say the government has to release the detainees.", "government"),
        ("The union said the government ought to raise the minimum wage.", "government"),
        ("The senator said Washington needs to impose sanctions on the junta.", "Washington"),
        ('"Moscow should consider ending the blockade," the minister told reporters.', "Moscow"),
    ],
)
def test_a_duty_put_on_another_party_in_speech_is_a_request(
    pipe: Any, text: str, recipient: str
) -> None:
    from sentences import mentions, names, told

    [demand] = told(mentions(pipe, text), "REQUEST")
    assert recipient.lower() in names(demand.recipients)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The minister said our forces need to stay vigilant.",  # own side
        "The general said the troops must stay in the north.",  # own troops
        '"Every citizen has to carry an identity card," the official said.',  # anyone
        '"We must defend our borders," the minister said.',  # own side
        "Analysts said the government should cut spending.",  # commentators
        '"Should Russia withdraw its troops?" the minister said.',  # a question
        "The minister asked whether Russia should withdraw its troops.",  # a question
    ],
)
def test_no_request_where_the_duty_is_the_speakers_own_or_anyones(pipe: Any, text: str) -> None:
    from sentences import mentions, told

    assert not told(mentions(pipe, text), "REQUEST")


@pytest.mark.slow
def test_what_is_wished_or_asked_in_the_passive_is_not_done(pipe: Any) -> None:
    from sentences import mentions

    found = mentions(pipe, "The farmers want the government to lift the ban on imports.")
    assert all(m.modality != "asserted" for m in found if m.trigger.text == "lift")
    found = mentions(pipe, "Residents were told to leave the town by Friday.")
    assert all(m.modality != "asserted" for m in found if m.trigger.text == "leave")
    found = mentions(pipe, "The union said the government ought to release the strikers.")
    assert all(m.modality != "asserted" for m in found if m.trigger.text == "release")


@pytest.mark.parametrize(
    "text",
    [
        "There is an increased demand for books in Kabul.",
        "Growing demand for chicken has doubled prices.",
        "Supply and demand set the price of grain.",
        "Demand for fuel outstripped the imports.",
    ],
)
def test_demand_for_goods_is_no_request(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert not [c for s in doc.sents for c in ex.find_triggers(s) if c.entry.plover == "REQUEST"]


@pytest.mark.parametrize(
    "text",
    [
        "The unions repeated their demand for higher wages.",
        "Russia's demands for a buffer zone were rejected.",
        "Protesters issued a demand for the release of the prisoners.",
    ],
)
def test_a_partys_demand_stays_a_request(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert [c for s in doc.sents for c in ex.find_triggers(s) if c.entry.plover == "REQUEST"]


def test_asking_whether_or_if_is_a_question_not_a_request(nlp: Any) -> None:
    for text in (
        "The prosecutor asked the defendant if he agreed with the charges.",
        "The judge asked the witness whether she had seen the attack.",
    ):
        doc = nlp(text)
        assert not [c for c in ex.find_triggers(next(doc.sents)) if c.entry.plover == "REQUEST"]
    doc = nlp("The court asked the police to release him if the charges were dropped.")
    assert [c for c in ex.find_triggers(next(doc.sents)) if c.entry.plover == "REQUEST"]
