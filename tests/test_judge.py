"""The judge stage (issue 14): its contract, the gate's arithmetic, and the shipped gate's
direction on sentences written for each class (a planned act, background history, an opinion, a
real attack)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from claimgraph.judge import Gate, JudgeStage, shipped_gate
from claimgraph.judge.stage import JUDGED_MODALITIES
from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline, default_stages
from claimgraph.when import WhenStage

ATTACK = "Gunmen attacked a police post in Kabul on Monday, killing three officers, officials said."
PLANNED = "The two leaders will meet in Geneva next month to discuss a ceasefire."


def _observed(pipe: Pipeline, text: str, gate: Gate | None = None) -> tuple[Any, list[Any]]:
    """The document after the stages with a judge of `gate`, and (mention, features) of every
    mention the judge saw."""
    seen: list[Any] = []
    stages = [s for s in pipe.stages if not isinstance(s, JudgeStage)]
    judge = JudgeStage(gate=gate, observe=lambda _d, m, f: seen.append((m, f)))
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=text, published="2025-03-10")
    doc = Pipeline(stages=[*stages, judge])(raw).document
    assert doc is not None
    return doc, seen


def _gate(intercept: float, weights: dict[str, float] | None = None) -> Gate:
    weights = weights or {}
    return Gate(
        index={f: i for i, f in enumerate(weights)},
        coef=np.asarray(list(weights.values()), dtype=float),
        intercept=intercept,
        threshold=0.5,
    )


def test_judge_stage_contract() -> None:
    stages = default_stages()
    names = [s.name for s in stages]
    assert names.index("judge") == names.index("when") + 1
    judge = stages[names.index("judge")]
    assert isinstance(judge, JudgeStage)
    assert judge.gate is shipped_gate()
    assert set(judge.requires) <= {"text", "sentences", "_spacy", "mentions", *WhenStage.provides}
    assert judge.provides == ("mentions.judged",)


def test_judge_gate_arithmetic() -> None:
    g = _gate(-1.0, {"a": 2.0, "b": 0.5})
    assert g.decision(["a", "a", "zzz"]) == pytest.approx(1.0)  # once each; unknown adds nothing
    assert g.score(["a", "b"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert g.keeps(["a"]) and not g.keeps([])
    again = Gate.from_dict(g.to_dict())
    assert again.decision(["a", "b"]) == pytest.approx(g.decision(["a", "b"]))


def test_judge_off_keeps_every_mention(pipe: Pipeline) -> None:
    doc, seen = _observed(pipe, f"{ATTACK} {PLANNED}")
    assert doc.mentions and len(seen) == len(doc.mentions)
    feats = seen[0][1]
    assert any(f.startswith("type=") for f in feats) and feats == sorted(set(feats))


def test_judge_drops_only_judged_modalities(pipe: Pipeline) -> None:
    doc, seen = _observed(pipe, f"{ATTACK} {PLANNED}", gate=_gate(-10.0))
    assert seen
    assert all(m.modality not in JUDGED_MODALITIES for m in doc.mentions)
    assert any(m.modality == "planned" for m in doc.mentions)


# -- direction of the gate on sentences written for each class ------------------------------------

HISTORY = (
    "Gunmen attacked a police post in Kabul on Monday, officials said. "
    "In 1989, Soviet troops withdrew from Afghanistan after a decade of war."
)
OPINION = (
    "Gunmen attacked a police post in Kabul on Monday, officials said. "
    "Analysts say the violence shows the government is losing control of the capital."
)


@pytest.fixture(scope="module")
def gate() -> Gate:
    """The shipped gate; without one, a gate fitted on the read sets as `train_gate` fits it."""
    shipped = shipped_gate()
    if shipped is not None:
        return shipped
    from claimgraph.eval.mention_labels import gold_counts, mention_records
    from claimgraph.eval.train_gate import fit_gate

    records = mention_records()
    if not records:
        pytest.skip("no gate shipped and no read fixture set to fit one")
    return fit_gate(records, "happened", sum(gold_counts().values()))


def _scores(pipe: Pipeline, text: str, gate: Gate) -> dict[str, float]:
    _doc, seen = _observed(pipe, text)
    return {m.trigger.text: gate.score(f) for m, f in seen if m.modality in JUDGED_MODALITIES}


def test_judge_real_attack_scores_over_background_history(pipe: Pipeline, gate: Gate) -> None:
    scores = _scores(pipe, HISTORY, gate)
    assert scores["attacked"] >= gate.threshold
    assert scores.get("withdrew", 0.0) < scores["attacked"]


def test_judge_real_attack_scores_over_an_opinion(pipe: Pipeline, gate: Gate) -> None:
    scores = _scores(pipe, OPINION, gate)
    assert scores["attacked"] >= gate.threshold
    others = [v for k, v in scores.items() if k != "attacked"]
    assert all(v < scores["attacked"] for v in others)


def test_judge_keeps_a_planned_act_unjudged(pipe: Pipeline, gate: Gate) -> None:
    doc, _seen = _observed(pipe, PLANNED, gate=gate)
    planned = [m for m in doc.mentions if m.modality == "planned"]
    assert planned, "the rules call the meeting planned"
