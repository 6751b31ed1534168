"""Accusations without a verb of accusing (issue 14, fifth round: blame), each class on sentences
written for this test: a blaming predicate or complement in reported speech, a party tied to
perpetrators by officials, a report documenting prohibited conduct; and the sentences that blame
no one (negated, possible, a duty, a pronoun)."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import extract as ex
from claimgraph.events.blame import (
    BLAME_ACT,
    BLAME_COMPLEMENT,
    BLAME_PREDICATE,
    DESIGNED_HARM,
    LINKING,
    REPORTED_CONDUCT,
)
from sentences import blames


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


@pytest.mark.parametrize(
    ("text", "accuser", "accused"),
    [
        ("The opposition said the ruling party had rigged the parliamentary vote.", "opposition",
         "party"),
        ("Ministers in Kyiv said Moscow has been meddling in the election for years.", "Ministers",
         "Moscow"),
        ("The governor said the federal government was failing to protect farmers in the north.",
         "governor", "government"),
        ("Rebel leaders said the junta had repeatedly tried to undermine the talks.", "leaders",
         "junta"),
        ("The envoy said the regime keeps expanding its illegal settlements, refusing to talk.",
         "envoy", "regime"),
        ("The mayor told reporters that the federal government has been ripping off the city.",
         "mayor", "government"),
    ],
)  # fmt: skip
def test_a_blaming_predicate_in_reported_speech_accuses_its_subject(
    nlp: Any, text: str, accuser: str, accused: str
) -> None:
    [(entry, trig, acts, recs)] = blames(nlp, text)
    assert entry is BLAME_PREDICATE
    assert trig in ("said", "told")  # the saying is the act, not what is said
    assert any(accuser in a for a in acts)
    assert any(accused in r for r in recs)


def test_a_quoted_blame_is_anchored_on_its_verb_of_saying(nlp: Any) -> None:
    [(entry, trig, acts, recs)] = blames(
        nlp, '"The regime has sabotaged every ceasefire we signed," the rebel commander said.'
    )
    assert entry is BLAME_PREDICATE and trig == "said"
    assert any("commander" in a for a in acts) and any("regime" in r for r in recs)


def test_a_quotation_without_a_verb_of_saying_is_one_accusation_on_its_clause(nlp: Any) -> None:
    """What the accused is said to do in the quoted clause ("is threatening") is the content of the
    accusation, not a second act; the quotation's speaker is named by the stage."""
    text = (
        '"The junta is threatening to escalate, refusing to talk and expanding its illegal '
        'mining in the reserve."'
    )
    [(entry, trig, acts, recs)] = blames(nlp, text)
    assert entry is BLAME_PREDICATE and trig == "threatening"
    assert acts == [] and any("junta" in r for r in recs)
    sent = next(nlp(text).sents)
    assert not any(c.entry.plover == "THREATEN" for c in ex.find_triggers(sent))


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Police said the militia was responsible for the killings in the village.", "militia"),
        ("Officials said the separatist movement was behind the ambush on the convoy.", "movement"),
        ('"The council has become anti-Western," the envoy said.', "council"),
        ("The prosecutor said the general was complicit in the massacre.", "general"),
    ],
)
def test_a_blaming_complement_in_reported_speech_accuses_its_subject(
    nlp: Any, text: str, accused: str
) -> None:
    [(entry, _, _, recs)] = blames(nlp, text)
    assert entry is BLAME_COMPLEMENT
    assert any(accused in r for r in recs)


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("Officials said the cells were linked to al-Shabab.", "al-Shabab"),
        ("Police said the gunmen were based in Mali.", "Mali"),
    ],
)
def test_officials_tying_perpetrators_to_a_party_accuse_that_party(
    nlp: Any, text: str, accused: str
) -> None:
    [(entry, _, _, recs)] = blames(nlp, text)
    assert entry is LINKING
    assert any(accused in r for r in recs)


def test_a_report_documenting_prohibited_conduct_accuses_the_party_it_names(nlp: Any) -> None:
    [(entry, trig, acts, recs)] = blames(
        nlp, "U.N. monitors documented illegal shipments of fuel from Iran to Yemen last year."
    )
    assert entry is REPORTED_CONDUCT and trig == "documented"
    assert any("monitors" in a for a in acts) and any("Iran" in r for r in recs)


@pytest.mark.parametrize(
    "text",
    [
        # negated, possible, asked: no blame is laid
        "The minister said Moscow did not interfere in the election.",
        "Officials said the militia could be responsible for the killings.",
        "The envoy said the rebels never tried to sabotage the talks.",
        # a duty, not a fault
        "The minister said the army is responsible for security in the north.",
        # no party to blame: a pronoun, or nobody said it
        "He said they had sabotaged the deal.",
        "The envoy said that if the junta rigs the vote, the region will rise up.",
        "The government has been failing to pay salaries since March.",
        # acting against prohibited conduct is no blame of the one who acts
        "The spokesman said the coalition gave the police scanners to interdict illicit smuggling.",
        # "behind" a place, not a harm
        "The officer said the army was behind the front line.",
        # a tie of people who are no perpetrators
        "Officials said the delegates were based in Geneva.",
    ],
)
def test_sentences_that_blame_no_party_are_no_accusation(nlp: Any, text: str) -> None:
    assert blames(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "trigger", "accuser", "accused"),
    [
        # a wrong committed, in reported speech
        ("Amnesty International said the police had committed grave abuses in the camps.", "said",
         "Amnesty", "police"),
        ("The monitors say both sides have perpetrated atrocities against civilians.", "say",
         "monitors", "sides"),
        # a known harm directed: "must have" is an inference, not a duty
        ("The envoy suggested senior officers must have given the orders.", "suggested", "envoy",
         "officers"),
        ("Officials in the capital said the junta masterminded the bombing of the bridge.",
         "said", "Officials", "junta"),
    ],
)  # fmt: skip
def test_wrongdoing_in_reported_speech_accuses_the_doer(
    nlp: Any, text: str, trigger: str, accuser: str, accused: str
) -> None:
    [(entry, trig, acts, recs)] = blames(nlp, text)
    assert entry is BLAME_PREDICATE and trig == trigger
    assert any(accuser in a for a in acts)
    assert any(accused in r for r in recs)


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("The farmers' union said it believes the fire was deliberate by the security services.",
         "services"),
        ("Some exiles suggest the massacre was a plot by the regime to crush the uprising.",
         "regime"),
    ],
)  # fmt: skip
def test_a_harm_told_as_a_partys_design_accuses_that_party(
    nlp: Any, text: str, accused: str
) -> None:
    [(entry, _, _, recs)] = blames(nlp, text)
    assert entry is DESIGNED_HARM
    assert any(accused in r for r in recs)


@pytest.mark.parametrize(
    ("text", "accuser", "accused"),
    [
        ("The interior minister held the rebel commanders responsible for the massacre.",
         "minister", "commanders"),
        ("The families hold the mining company accountable for the deaths.", "families",
         "company"),
        ("Opposition leaders pointed the finger at the ruling party after the blast.", "leaders",
         "party"),
    ],
)  # fmt: skip
def test_blame_laid_as_an_act_accuses_the_party_held_or_pointed_at(
    nlp: Any, text: str, accuser: str, accused: str
) -> None:
    [(entry, _, acts, recs)] = blames(nlp, text)
    assert entry is BLAME_ACT
    assert any(accuser in a for a in acts)
    assert any(accused in r for r in recs)


@pytest.mark.parametrize(
    "text",
    [
        # an operation reported, not a known harm attributed; an order that is no harm
        "The ministry said the army had ordered strikes on rebel positions.",
        "The general said the commander gave the order to withdraw from the town.",
        # a duty to be held to account is a demand, not an accusation
        "Officials vowed to hold those responsible accountable.",
        "The minister said the attackers must be held accountable.",
        # a harm told as a design with nobody named, or possible only
        "Human Rights Watch said the killings were deliberate.",
        "Officials said the fire could have been a plot by the gangs.",
        # a wrong the speaker denies, and one nobody says
        "The army said its soldiers did not commit any abuses.",
        "Both sides have committed abuses since the war began.",
    ],
)
def test_near_misses_of_the_new_blame_forms_blame_no_one(nlp: Any, text: str) -> None:
    assert blames(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        ("The rights group said the atrocities were perpetrated by the army in the north.", "army"),
        ("Witnesses told reporters that abuses committed by the militia were widespread.",
         "militia"),
    ],
)  # fmt: skip
def test_a_wrong_committed_by_a_party_in_reported_speech_accuses_it(
    nlp: Any, text: str, accused: str
) -> None:
    [(entry, _, _, recs)] = blames(nlp, text)
    assert entry is BLAME_PREDICATE
    assert any(accused in r for r in recs)


@pytest.mark.parametrize(
    "text",
    [
        "The crimes were committed by the gang in 2019.",  # the story's own narrative
        "The minister said the abuses were not committed by the police.",
    ],
)
def test_a_wrong_committed_told_by_the_story_or_denied_blames_no_one(nlp: Any, text: str) -> None:
    assert blames(nlp, text) == []
