"""Accusations in evaluative speech (issue 14, stop 29; `events.blame`, words in
data/events/evaluations.tsv), each class on sentences written for this test, near misses beside
it: a pronoun or an unnamed party, a negated or modal clause, the story's own voice, an adjunct."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events.blame import BLAME_ACT, BLAME_PREDICATE, CONDEMNED_CONDUCT
from sentences import blames


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Officials said the rebels violated the ceasefire on Sunday.", "rebels"),
        ("The lawyers say that the ministry overstepped its authority.", "ministry"),
        ("Washington said Tehran is openly defying the nuclear watchdog.", "Tehran"),
        ('"Beijing keeps bullying its smaller neighbors," the senator said.', "Beijing"),
        ("Rights groups say the junta is trying to silence the press.", "junta"),
        ("The monitors reported that the militia had harassed voters in the north.", "militia"),
        ("Observers said the vote had been rigged by the ruling party.", "party"),
        ("The charity reports that villagers are being victimized by both armed groups.", "groups"),
    ],
)  # fmt: skip
def test_a_verb_of_wrongdoing_in_reported_speech_accuses_its_subject(
    nlp: Any, text: str, accused: str
) -> None:
    found = [(e, r) for e, _, _, r in blames(nlp, text) if e is BLAME_PREDICATE]
    assert found and accused in found[0][1][0]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels violated the ceasefire on Sunday.",  # the story's own voice
        "Officials said the rebels did not violate the ceasefire.",  # negated
        "Officials said the rebels could violate the ceasefire.",  # possible
        "The opposition alleged that the army violated the truce.",  # the lexicon's ACCUSE
        "Officials said they had violated nothing.",  # a pronoun
        "Observers said the vote had been undermined by the crisis.",  # no party
        "Observers said the vote had not been rigged by the ruling party.",  # negated
        'The minister says "we respect the truce," and here, the army has violated it.',  # not his
    ],
)
def test_wrongdoing_not_said_of_a_named_party_accuses_no_one(nlp: Any, text: str) -> None:
    assert not [e for e, *_ in blames(nlp, text) if e is BLAME_PREDICATE]


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ('"This is a reflection of the governor\'s contempt for the courts," the lawyer said.',
         "governor"),
        ('The envoy said, "It is time to end Moscow\'s brutal occupation of the region."',
         "Moscow"),
        ("Critics say the launch was another of Pyongyang's provocations.", "Pyongyang"),
        ("Critics say the campaign shows the party's disregard for the constitution.", "party"),
    ],
)  # fmt: skip
def test_a_partys_conduct_condemned_in_speech_accuses_the_party(
    nlp: Any, text: str, accused: str
) -> None:
    found = [r for e, _, _, r in blames(nlp, text) if e is CONDEMNED_CONDUCT]
    assert found and accused in found[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "The lawyer said the ruling showed contempt for the courts.",  # no party named
        "He said the country's brutal winter had killed many cattle.",  # weather, no act
        "The army's brutal crackdown began in March.",  # the story's own voice
        "The minister condemned Pyongyang's reckless provocations.",  # the lexicon's act
        "He said we must support Kyiv in the face of Moscow's brutal war.",  # an adjunct
        "The envoy said the allies will resist Moscow's brutal war.",  # an act of its own
        'The lawyer said "this is not the governor\'s contempt for the courts."',  # negated
        "Officials said its brutal occupation must end.",  # a pronoun
    ],
)
def test_conduct_condemned_of_no_named_party_accuses_no_one(nlp: Any, text: str) -> None:
    assert not [e for e, *_ in blames(nlp, text) if e is CONDEMNED_CONDUCT]


def test_exposing_a_party_as_a_wrongdoer_is_blame_laid_as_an_act(nlp: Any) -> None:
    [(entry, trig, acts, recs)] = blames(nlp, "Reporters exposed the former envoy as a spy.")
    assert (entry, trig, acts) == (BLAME_ACT, "exposed", ["Reporters"])
    assert "envoy" in recs[0]
    assert not blames(nlp, "The report exposed the envoy to danger.")
    assert not blames(nlp, "The leak exposed the envoy as the author of the plan.")
