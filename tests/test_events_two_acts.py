"""Two acts in one sentence (issue 14, stop 30): the second act keeps its own modality. Each
class on sentences written for this test, with near misses beside it.

- A clause with its own subject that tells its own past act, coordinated with another ("but",
  "and") or hung on it by a factual conjunction ("as", "while", "after"), does not take the
  other clause's negation or future (`events.modality._told_on_its_own`).
- An adverbial clause on a deny verb is the denier's own act or circumstance, not what is
  denied ("denied the reports while accusing X", "rejected the ruling, telling reporters").
- A deny verb in a relative clause ("— which the militia denied") does not make the clause it
  hangs from a denial: the accusation was made.
- Condemning or welcoming "any" such thing is a position, not an act.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.pipeline import Pipeline
from sentences import mentions

pytestmark = pytest.mark.slow


def _mode(found: list[Any], typ: str, trigger: str) -> str:
    hits = [m for m in found if m.event_type == typ and m.trigger.text == trigger]
    assert hits, [(m.event_type, m.trigger.text) for m in found]
    return str(hits[0].modality)


# ---- a clause of its own keeps its own modality


@pytest.mark.parametrize(
    "text, typ, trigger, own, other",
    [
        (
            "The police did not detain the journalists, but soldiers arrested two opposition "
            "leaders.",
            "COERCE", "arrested", "asserted", ("detain", "negated"),
        ),
        (
            "The ministry will extend the curfew, as protesters stormed the parliament on Monday.",
            "ASSAULT", "stormed", "asserted", ("extend", "planned"),
        ),
    ],
)  # fmt: skip
def test_events_two_acts_own_clause_keeps_its_mode(
    pipe: Pipeline, text: str, typ: str, trigger: str, own: str, other: tuple[str, str]
) -> None:
    found = mentions(pipe, text)
    assert _mode(found, typ, trigger) == own
    # the other clause keeps its own mode
    assert any(m.trigger.text == other[0] and m.modality == other[1] for m in found)


@pytest.mark.parametrize(
    "text, typ, trigger, mode",
    [
        # conditions stay conditions, however the clause is built
        (
            "If the rebels attacked the base, the army would respond with airstrikes.",
            "ASSAULT", "attacked", "hypothetical",
        ),
        ("Russia will strike back if NATO deploys troops to the border.",
         "MOBILIZE", "deploys", "hypothetical"),
        # one subject, two verbs: one negation
        ("The army will not withdraw from the town.", "RETREAT", "withdraw", "negated"),
    ],
)  # fmt: skip
def test_events_two_acts_near_misses_keep_their_mode(
    pipe: Pipeline, text: str, typ: str, trigger: str, mode: str
) -> None:
    assert _mode(mentions(pipe, text), typ, trigger) == mode


# ---- what a denier does beside the denial is not denied


def test_events_two_acts_denier_own_act_is_not_denied(pipe: Pipeline) -> None:
    found = mentions(
        pipe, "The ministry denied the reports while accusing the rebels of spreading lies."
    )
    assert _mode(found, "REJECT", "denied") == "asserted"
    accuse = [m for m in found if m.event_type == "ACCUSE" and m.trigger.text == "accusing"]
    assert accuse and accuse[0].modality == "asserted"
    assert accuse[0].attribution.stance != "deny"


def test_events_two_acts_denier_statement_is_not_denied(pipe: Pipeline) -> None:
    found = mentions(pipe, "The army denied the report, saying rebels had attacked the village.")
    assert _mode(found, "ASSAULT", "attacked") == "asserted"
    found = mentions(
        pipe, "The army rejected the ruling, telling reporters it would ask the court to review it."
    )
    assert _mode(found, "REQUEST", "ask") == "planned"


@pytest.mark.parametrize(
    "text, typ, trigger",
    [
        ("The government denied that troops killed protesters.", "ASSAULT", "killed"),
        ("Police denied beating the protesters.", "ASSAULT", "beating"),
    ],
)
def test_events_two_acts_what_is_denied_stays_denied(
    pipe: Pipeline, text: str, typ: str, trigger: str
) -> None:
    assert _mode(mentions(pipe, text), typ, trigger) == "negated"


def test_events_two_acts_relative_denial_leaves_the_accusation(pipe: Pipeline) -> None:
    found = mentions(
        pipe,
        "Human rights monitors accused the militia of killing civilians in a report last month"
        " — which the militia denied.",
    )
    assert _mode(found, "ACCUSE", "accused") == "asserted"
    assert _mode(found, "REJECT", "denied") == "asserted"


# ---- a judgement of "any" such thing


def test_events_two_acts_judging_any_is_a_position(pipe: Pipeline) -> None:
    assert not [
        m
        for m in mentions(pipe, "The council condemns any violence against aid workers.")
        if m.event_type == "ACCUSE"
    ]
    found = mentions(pipe, "The council condemned the attack on aid workers.")
    assert _mode(found, "ACCUSE", "condemned") == "asserted"
