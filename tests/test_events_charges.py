"""Acts that are the content of a charge (issue 14, fifth round: allegations), on sentences written
for this test: what a person is charged with, accused or suspected of, arrested or indicted for is
not told as having happened (hypothetical, hidden from the reported table); a conviction is a
court's finding and keeps the act's mode; a determined noun ("the bombing") names a happening the
story takes as known, only who did it is charged."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.events import extract as ex

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


def _modes(nlp: Any, text: str, plover: str = "ASSAULT") -> dict[str, str]:
    """trigger text -> modality of every `plover` trigger in `text`."""
    doc = nlp(text)
    return {
        doc[c.i].text: ex.modality(sent, c)
        for sent in doc.sents
        for c in ex.find_triggers(sent)
        if c.entry.plover == plover
    }


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        (
            "The former governor was charged with raping, kidnapping and murder.",
            {"raping", "murder"},
        ),
        ("Two prison guards were accused of killing an inmate in March.", {"killing"}),
        ("The lawmaker accused the police of beating protesters.", {"beating"}),
        ("The three men are suspected of planning an attack on a refinery.", {"attack"}),
        ("He was indicted on charges of bombing a bus depot.", {"bombing"}),
        ("Prosecutors charged the captain with shelling a village.", {"shelling"}),
    ],
)
def test_an_act_charged_is_not_told_as_having_happened(nlp: Any, text: str, acts: set[str]) -> None:
    modes = _modes(nlp, text)
    assert acts <= set(modes), modes
    assert all(modes[a] == "hypothetical" for a in acts), modes


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # a court's finding: the act's attribution, not a hypothesis
        ("The colonel was convicted of torturing detainees.", "torturing"),
        # the happening is known ("the attack"), only the plotting of it is charged
        ("Officials accused the rebels of plotting the attack on the market.", "attack"),
        # a duty, not a charge
        ("The commander in charge of the attacks was killed.", "killed"),
        # nothing charged
        ("Rebels shelled the market on Monday.", "shelled"),
    ],
)
def test_findings_known_happenings_and_plain_acts_keep_their_mode(
    nlp: Any, text: str, act: str
) -> None:
    assert _modes(nlp, text)[act] == "asserted"


def test_a_charge_denied_stays_negated(nlp: Any) -> None:
    assert _modes(nlp, "The militia was not charged with attacking the convoy.")["attacking"] == (
        "negated"
    )
