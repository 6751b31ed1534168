"""The judge's rescue (issue 14): a sentence model's proposal becomes a mention built by the events
stage's code, only on sentences the rules left without one; the model's arithmetic; the stage
contract; the training script without fixtures."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from claimgraph.eval import train_rescue
from claimgraph.judge import JudgeStage
from claimgraph.judge.rescue import SentenceModel, shipped_model
from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline, default_stages

CRITICISM = (
    '"What the regime is doing in Idlib is a disgrace," said Turkish Foreign Minister Mevlut '
    "Cavusoglu."
)
NEUTRAL = (
    '"We had a long conversation about trade and tourism," said Turkish Foreign Minister Mevlut '
    "Cavusoglu."
)
ATTACK = "Gunmen attacked a police post in Kabul on Monday, killing three officers, officials said."


def _model(bias: float = -3.5) -> SentenceModel:
    """ACCUSE when the sentence has a word of negative evaluation and a speech verb."""
    weights = {"val-=1": 3.0, "val-=2": 4.0, "speech": 1.0}
    return SentenceModel(types=["ACCUSE"], weights=[weights], bias=[bias], threshold=0.5)


def _mentions(pipe: Pipeline, text: str, model: SentenceModel | None) -> list[Any]:
    stages = [
        JudgeStage(gate=s.gate, rescue=model) if isinstance(s, JudgeStage) else s
        for s in pipe.stages
    ]
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=text, published="2025-03-10")
    doc = Pipeline(stages=stages)(raw).document
    assert doc is not None
    return list(doc.mentions)


def test_judge_rescue_quoted_criticism_accuses_with_the_speaker(pipe: Pipeline) -> None:
    assert _mentions(pipe, CRITICISM, None) == []  # the rules make none
    found = _mentions(pipe, CRITICISM, _model())
    assert [m.event_type for m in found] == ["ACCUSE"]
    m = found[0]
    assert m.id.endswith("_r")
    assert [a.name for a in m.actors] == ["Mevlut Cavusoglu"]
    assert m.modality == "asserted"
    assert m.date is not None and m.date.value == "2025-03-10"


def test_judge_rescue_neutral_quote_makes_nothing(pipe: Pipeline) -> None:
    assert _mentions(pipe, NEUTRAL, _model()) == []


def test_judge_rescue_leaves_sentences_with_a_mention(pipe: Pipeline) -> None:
    always = _model(bias=10.0)
    found = _mentions(pipe, ATTACK, always)
    assert found and not any(m.id.endswith("_r") for m in found)
    assert [m.id for m in found] == [m.id for m in _mentions(pipe, ATTACK, None)]


def test_judge_rescue_model_arithmetic() -> None:
    m = _model()
    assert m.probabilities(["speech"]) == [pytest.approx(1 / (1 + math.exp(2.5)))]
    assert m.best(["speech"]) is None
    assert m.best(["speech", "val-=2"]) == ("ACCUSE", pytest.approx(1 / (1 + math.exp(-1.5))))
    again = SentenceModel.from_json(m.to_json())
    assert again.best(["val-=1", "speech"]) == m.best(["val-=1", "speech"])


def test_judge_rescue_stage_contract() -> None:
    stages = default_stages()
    judge = next(s for s in stages if isinstance(s, JudgeStage))
    assert judge.rescue is shipped_model()
    assert JudgeStage().rescue is None


def test_train_rescue_skips_without_fixtures(tmp_path: Path, capsys: Any) -> None:
    assert train_rescue.main(["--fixtures", str(tmp_path)]) == 0
    assert "nothing to do" in capsys.readouterr().out
