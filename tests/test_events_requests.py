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
