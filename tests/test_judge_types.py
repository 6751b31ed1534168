"""The judge's type model (issue 14): its arithmetic, the retype rules (a margin over the rule's
type, never a type another mention of the sentence has, factual mentions only, the ACLED fields
following the new type), the stage contract, and the training script's labels and its clean skip
without fixtures. The sentences are written for one confusion class: an attack told inside an
accusation ("said the attack was orchestrated by ..."), which the guidelines code ACCUSE."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimgraph.eval import train_types
from claimgraph.eval.mention_labels import MentionRecord
from claimgraph.judge import JudgeStage
from claimgraph.judge.types import TypeModel, apply_type, shipped_types, type_features
from claimgraph.model import EventMention, Evidence, RawDocument, Span
from claimgraph.pipeline import Pipeline, default_stages

ACCUSATION = (
    "Pakistan's army said on Monday that the attack was orchestrated by militants based in "
    "Afghanistan."
)
PLANNED = "Militants will attack the base next week, the army said."
WELCOMED = "The European Union welcomed the withdrawal of Russian troops from the town on Tuesday."


def _model(weights: dict[str, dict[str, float]], margin: float = 0.2) -> TypeModel:
    """Classes ACCUSE, ASSAULT, RETREAT, SUPPORT; `weights`: feature -> {class: weight}."""
    classes = ("ACCUSE", "ASSAULT", "RETREAT", "SUPPORT")
    coef = np.zeros((len(weights), len(classes)))
    for i, w in enumerate(weights.values()):
        for c, v in w.items():
            coef[i, classes.index(c)] = v
    return TypeModel(
        index={f: i for i, f in enumerate(weights)},
        coef=coef,
        intercept=np.zeros(len(classes)),
        classes=classes,
        margin=margin,
    )


#: an attack told in a sentence with a speech verb is an accusation
SPOKEN_ATTACK = _model({"speech|type=ASSAULT": {"ACCUSE": 4.0}})


def _run(pipe: Pipeline, text: str, model: TypeModel | None) -> list[EventMention]:
    stages = [s for s in pipe.stages if not isinstance(s, JudgeStage)]
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=text, published="2025-03-10")
    doc = Pipeline(stages=[*stages, JudgeStage(types=model)])(raw).document
    assert doc is not None
    return doc.mentions


def test_judge_types_arithmetic() -> None:
    m = _model({"a": {"ACCUSE": 2.0}, "b": {"ASSAULT": 1.0, "SUPPORT": -1.0}})
    z = np.array([2.0, 1.0, 0.0, -1.0])
    assert m.proba(["a", "b", "b", "zzz"]) == pytest.approx(np.exp(z) / np.exp(z).sum())
    assert m.retype("ASSAULT", ["a", "b"]) == "ACCUSE"  # p gap 0.63 - 0.23 > 0.2
    assert m.retype("ACCUSE", ["a", "b"]) is None  # the rule's type is the best
    assert m.retype("ASSAULT", ["a", "b"], held={"ACCUSE"}) is None
    assert m.retype("COERCE", ["a"]) is None  # a type the model does not know stays
    assert _model({"a": {"ACCUSE": 2.0}}, margin=0.9).retype("ASSAULT", ["a"]) is None
    again = TypeModel.from_dict(m.to_dict())
    assert again.proba(["a", "b"]) == pytest.approx(m.proba(["a", "b"]))
    assert again.classes == m.classes and again.margin == m.margin


def test_judge_types_features_cross_the_rule_type() -> None:
    f = type_features(["dep=ccomp", "lemma=attack", "speech_verb", "type=ASSAULT"])
    assert {"rt|lemma=attack|ASSAULT", "lemma|dep=ccomp|attack", "speech|type=ASSAULT"} <= set(f)
    assert f == sorted(set(f))


def test_judge_types_apply_keeps_acled_only_where_it_fits() -> None:
    def mention(code: str) -> EventMention:
        return EventMention(
            id="m", document_id="d", event_type="ASSAULT", mode=["firearms"], acled_code=code,
            trigger=Span(start=0, end=6, text="attack"),
            evidence=Evidence(text="attack", segment="body", start=0, end=6),
        )  # fmt: skip

    m = mention("ATTACK")
    apply_type(m, "COERCE")  # ACLED's "Attack" is in the coercion family (a violent raid)
    assert (m.event_type, m.mode, m.acled_code) == ("COERCE", [], "ATTACK")
    m = mention("ATTACK")
    apply_type(m, "ACCUSE")  # ACLED does not code an accusation: the rule map decides (None)
    assert (m.event_type, m.mode, m.acled_code) == ("ACCUSE", [], None)


def test_judge_types_stage_retypes_a_spoken_attack(pipe: Pipeline) -> None:
    before = _run(pipe, ACCUSATION, None)
    assert [m.event_type for m in before] == ["ASSAULT"]
    after = _run(pipe, ACCUSATION, SPOKEN_ATTACK)
    assert [(m.event_type, m.mode, m.acled_code) for m in after] == [("ACCUSE", [], None)]


def test_judge_types_stage_leaves_plans_and_held_types(pipe: Pipeline) -> None:
    planned = _run(pipe, PLANNED, SPOKEN_ATTACK)
    assert any(m.event_type == "ASSAULT" and m.modality == "planned" for m in planned)
    # "welcomed" is a SUPPORT of its own: the withdrawal is not made a second one
    welcomed = _model({"rt|lemma=withdrawal|RETREAT": {"SUPPORT": 4.0}})
    types = sorted(m.event_type for m in _run(pipe, WELCOMED, welcomed))
    assert types == ["RETREAT", "SUPPORT"]


def test_judge_types_stage_contract() -> None:
    judge = next(s for s in default_stages() if isinstance(s, JudgeStage))
    assert judge.types is shipped_types()


def _record(mid: str, event_type: str, typed: bool, golds: tuple[tuple[str, ...], ...]) -> Any:
    return MentionRecord(
        set="e2e", story="s1", mention_id=mid, sentence="S.", span=(0, 2), event_type=event_type,
        mode=(), modality="asserted", stance="report", reference=False, date_reason="",
        features=(f"type={event_type}",), gold_keys=tuple(f"k{i}" for i in range(len(golds))),
        gold_types=golds, gold_happened=(True,) * len(golds), label=bool(golds), label_typed=typed,
    )  # fmt: skip


def test_train_types_labels() -> None:
    golds = (("CONSULT",), ("THREATEN", "REJECT"))
    met = _record("m1", "CONSULT", True, golds)
    vowed = _record("m2", "AGREE", False, golds)
    outside = _record("m3", "ASSAULT", False, ())
    rows = train_types.training_rows([met, vowed, outside])
    # the right one keeps its type; the wrong one takes the gold event no mention has
    assert [(lab, w) for _f, lab, w in rows] == [("CONSULT", 1.0), ("THREATEN", 1.0)]


def test_train_types_skips_without_fixtures(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(train_types, "mention_records", lambda *a, **k: [])
    assert train_types.main(["--cv", "--write"]) == 0
    assert "nothing to fit" in capsys.readouterr().out
