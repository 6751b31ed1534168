"""Accusations told as negative evaluation in reported speech, with the general lexicon (issue 14,
stop 30; `events.valence` reads VADER, `events.blame` the constructions). Each construction on
sentences written for this test, in several phrasings, and beside them the near misses the rules
must leave alone: harms and events told as facts, a speaker judging itself, victims, states and
feelings, weather and the economy, negated and compared judgements."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import valence
from claimgraph.events.blame import BLAME_ACT, CONDEMNED_CONDUCT, JUDGED_PARTY
from sentences import blames


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


def test_valence_reads_the_general_lexicon_once() -> None:
    assert valence.valence("cruel") is not None and valence.valence("cruel") < valence.THRESHOLD
    assert valence.valence("fair") is not None and valence.valence("fair") > 0
    assert valence.valence("xqzv") is None
    assert valence.negative({"dishonest"}) and not valence.negative({"honest"})
    assert not valence.negative({"dishonest"}, frozenset({"dishonest"}))  # excluded
    assert valence._lexicon() is valence._lexicon()  # memoised


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Officials said the regime is dishonest and cruel.", "regime"),
        ('"The junta has become abusive," the envoy told reporters.', "junta"),
        ("The opposition said the governor was a liar.", "governor"),
        ("Critics say Moscow's response was cruel.", "Moscow"),
        ("The union said the company's policy on workers is racist.", "company"),
        ('"The Chinese blockade is going to be destructive," the minister said.', "Chinese"),
        ("The lawyers said the decision by the ministry was destructive.", "ministry"),
    ],
)  # fmt: skip
def test_a_party_or_its_act_judged_in_reported_speech_is_accused(
    nlp: Any, text: str, accused: str
) -> None:
    found = [r for e, _, _, r in blames(nlp, text) if e is JUDGED_PARTY]
    assert found and accused in found[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "The regime is dishonest and cruel.",  # the story's own voice, no speaker
        "Officials said the regime is not dishonest.",  # negated
        "Officials never said the regime was dishonest.",  # the saying negated
        "Officials said the regime could be dishonest.",  # only possible
        "Officials said the regime's plan was more severe than the last one.",  # a comparison
        "Aid workers said the refugees are desperate and hungry.",  # victims, a state
        "The minister said the soldiers were exhausted and afraid.",  # a feeling, a participle
        "The economist said the economy is terrible.",  # no party
        "Forecasters said the weather will be awful this week.",  # no party
        "Officials said the attack was horrific.",  # a harm, no party judged
        "Doctors said the death toll was tragic.",  # a harm and its toll
        "The senator said he was wrong.",  # a pronoun
        "The government said the government had been wrong.",  # the speaker itself
        "The ministry said the State's argument was wrong.",  # no act of wrongdoing judged
        "Police said Tuesday's attacker was cruel.",  # a day is no party
    ],
)
def test_judgements_of_no_other_party_accuse_no_one(nlp: Any, text: str) -> None:
    assert not [e for e, *_ in blames(nlp, text) if e is JUDGED_PARTY]


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Critics say the campaign shows the party's cruelty.", "party"),
        ('"This reflects Beijing\'s arrogance," the envoy said.', "Beijing"),
        ("The activist said the crackdown revealed the regime's cruelty.", "regime"),
        ("He said the report shows the ministry's incompetence.", "ministry"),
        ("The monitors said the raids were proof of the militia's hostility.", "militia"),
    ],
)  # fmt: skip
def test_a_partys_conduct_named_in_negative_words_is_condemned(
    nlp: Any, text: str, accused: str
) -> None:
    found = [r for e, _, _, r in blames(nlp, text) if e is CONDEMNED_CONDUCT]
    assert found and accused in found[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "The agency said the floods showed the region's poverty.",  # a condition
        "The envoy said the vote reflects the refugees' anger.",  # a feeling, of victims
        "He said the report shows the ministry's problems.",  # a state
        "Officials said the blast showed the militants' attacker was trained.",  # a participant
        "Police said Tuesday's killings were cruel.",  # no party: a day
        '"This shows Sarah Kim\'s unjust detention," her lawyer said.',  # what befell her
        "Officials said the campaign reflects the rise of terrorism.",  # a harm
    ],
)
def test_states_feelings_and_harms_are_no_condemned_conduct(nlp: Any, text: str) -> None:
    assert not [e for e, *_ in blames(nlp, text) if e is CONDEMNED_CONDUCT]


@pytest.mark.parametrize(
    ("text", "accuser", "accused"),
    [
        ("The senator called the regime dishonest and incompetent.", "senator", "regime"),
        ("Trump called the governor a liar.", "Trump", "governor"),
        ("The minister described Moscow's policy as cruel.", "minister", "Moscow"),
        ("Rights groups described the regime as destructive.", "groups", "regime"),
    ],
)  # fmt: skip
def test_naming_a_party_in_negative_words_is_blame_laid_as_an_act(
    nlp: Any, text: str, accuser: str, accused: str
) -> None:
    found = [(a, r) for e, _, a, r in blames(nlp, text) if e is BLAME_ACT]
    assert found and accuser in found[0][0][0] and accused in found[0][1][0]


@pytest.mark.parametrize(
    "text",
    [
        "He called the weather awful.",  # no party
        "The senator did not call the regime dishonest.",  # negated
        "The minister described the refugees as desperate.",  # victims, a state
        "The report described the attack as horrific.",  # a harm
    ],
)
def test_naming_no_party_in_negative_words_blames_no_one(nlp: Any, text: str) -> None:
    assert not [e for e, *_ in blames(nlp, text) if e is BLAME_ACT]
