"""Eval tasks on the dev halves in ../shared/eval (skipped when absent); floors a bit under the
measured numbers (docs/BENCHMARKS.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval import run_task

EVAL = Path(__file__).parents[2] / "shared" / "eval"
pytestmark = [pytest.mark.slow, pytest.mark.eval]


def _data(name: str) -> Path:
    p = EVAL / name
    if not p.exists():
        pytest.skip(f"{p} absent")
    return p


def test_event_type_plover() -> None:
    r = run_task("event-type", _data("plover_gsr_cameo"))
    assert r.n > 100
    assert r.metrics["macro_f1"] >= 0.60


def test_event_type_arabic() -> None:
    r = run_task("event-type", _data("arabic_event_gsr"))
    assert r.metrics["f1"] >= 0.60
    assert r.metrics["rules_cv_f1"] >= 0.50


def test_roles_plover() -> None:
    r = run_task("roles", _data("plover_gsr_cameo"))
    assert r.metrics["actor_f1"] >= 0.85
    assert r.metrics["recipient_f1"] >= 0.66
    assert r.metrics["f1"] >= 0.77


def test_roles_petrarch() -> None:
    r = run_task("roles", _data("petrarch2_gsr_validation"))
    assert r.metrics["f1"] >= 0.68
