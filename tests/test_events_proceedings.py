"""Court proceedings told without a verb of accusing (issue 14, `events.proceedings`), each form
on sentences written for this test: on trial, charges faced, a trial that opens, tried, and
prosecutors' claims. Near misses beside them: an attempt ("tried to"), a possible or conditional
trial, a detention the same clause tells, a trial mentioned as a place ("at a trial")."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import extract as ex
from claimgraph.events.proceedings import (
    CHARGES_FACED,
    ON_TRIAL,
    PROSECUTORS_SAY,
    TRIAL_OPENS,
    TRIED,
    proceeding_roles,
)
from claimgraph.pipeline import Pipeline
from sentences import mentions, trigger_roles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


def _proceedings(nlp: Any, text: str) -> list[tuple[Any, str, list[str], list[str]]]:
    """(entry, trigger, accuser texts, accused texts) of every proceeding in `text`."""
    return trigger_roles(
        nlp, text, lambda sent, tok, entry: proceeding_roles(tok, entry, ex.np_span)
    )


@pytest.mark.parametrize(
    ("text", "entry", "accuser", "accused"),
    [
        ("The former mayor is on trial on bribery charges in the capital.", ON_TRIAL, None,
         "mayor"),
        ("Three army officers went on trial in Lagos on Tuesday.", ON_TRIAL, "Lagos", "officers"),
        ("The opposition leader stands trial before a military tribunal this week.", ON_TRIAL,
         "tribunal", "leader"),
        ("Two former ministers stand accused of the 2019 massacre in the north.", ON_TRIAL, None,
         "ministers"),
        ("The governor is facing corruption charges in a federal court.", CHARGES_FACED, "court",
         "governor"),
        ("Kamau, who faces three counts of fraud, was released on bail.", CHARGES_FACED, None,
         "Kamau"),
        ("The trial of the former minister opened in Nairobi on Monday.", TRIAL_OPENS, "Nairobi",
         "minister"),
        ("Petrov's trial began in a district court on Friday.", TRIAL_OPENS, "court", "Petrov"),
        ("The two generals were tried in absentia by a special court.", TRIED, "court",
         "generals"),
        ("Prosecutors say the businessman paid the officials to award him the contract.",
         PROSECUTORS_SAY, "Prosecutors", "businessman"),
    ],
)  # fmt: skip
def test_a_proceeding_accuses_its_defendant(
    nlp: Any, text: str, entry: Any, accuser: str | None, accused: str
) -> None:
    [(found, _, acts, recs)] = _proceedings(nlp, text)
    assert found is entry
    assert any(accused in r for r in recs)
    if accuser is None:
        assert acts == []
    else:
        assert any(accuser in a for a in acts)


@pytest.mark.parametrize(
    "text",
    [
        "The rebels tried to seize the airport on Monday.",
        "If convicted, the journalist could face trial again next year.",
        "The minister is not on trial, his lawyer said.",
        "Several officials remain in jail, facing trial on charges of fraud.",
        "The witness spoke at a trial in London last week.",
        "The country faces economic challenges after the war.",
        "Prosecutors said the victim died of his wounds.",
        "Prosecutors say they will appeal the verdict.",
    ],
)
def test_no_proceeding(nlp: Any, text: str) -> None:
    assert _proceedings(nlp, text) == []


def test_a_charge_the_defendant_denies_was_still_brought(pipe: Pipeline) -> None:
    """The denial is a REJECT of its own; the charges it denies were brought all the same."""
    ms = mentions(pipe, "Otieno, who faces two charges of sedition, denies the charges.")
    accuse = [m for m in ms if m.event_type == "ACCUSE"]
    assert [m.modality for m in accuse] == ["asserted"]
    assert any(m.event_type == "REJECT" for m in ms)


def test_a_trial_planned_stays_planned(pipe: Pipeline) -> None:
    ms = mentions(pipe, "The two suspects will stand trial in a Paris court next month.")
    assert [m.modality for m in ms if m.event_type == "ACCUSE"] == ["planned"]


def test_what_prosecutors_say_was_done_is_its_own_event(pipe: Pipeline) -> None:
    """The accusation is one row; the killing the prosecutors tell stays an ASSAULT of its own,
    not a second accusation and not the accusation's type."""
    ms = mentions(pipe, "Prosecutors say the two men hired a gunman to kill the editor.")
    assert [m.event_type for m in ms].count("ACCUSE") == 1
    accuse = next(m for m in ms if m.event_type == "ACCUSE")
    assert accuse.trigger.text == "say"
    assert any(m.event_type == "ASSAULT" for m in ms)


@pytest.mark.parametrize(
    "text",
    [
        "The minister blamed the former government for signing the deal in 2017.",
        "Two officers stand accused of the 2004 massacre in the valley.",
    ],
)
def test_an_accusation_is_not_dated_by_the_act_it_is_about(pipe: Pipeline, text: str) -> None:
    """The year belongs to the act accused; the accusation is told in the story's present."""
    [accuse] = [m for m in mentions(pipe, text) if m.event_type == "ACCUSE"]
    assert accuse.time is None or accuse.time.text is None
