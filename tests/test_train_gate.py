"""`eval.train_gate`: the gate's arithmetic against scikit-learn's, the end-to-end CV on a read
set, and a clean skip without the fixtures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.eval.mention_labels import fixtures_dir, mention_records
from claimgraph.eval.train_gate import _fit, _labels, _matrix, cross_validate, judged, main
from claimgraph.judge import Gate


def _heldout(tmp_path: Path) -> Path:
    src = fixtures_dir() / "e2e_heldout"
    if not src.is_dir():
        pytest.skip("the read fixture e2e_heldout is absent")
    (tmp_path / "e2e_heldout").symlink_to(src)
    return tmp_path


def test_train_gate_decision_equals_sklearn(tmp_path: Path) -> None:
    rows = judged(mention_records(_heldout(tmp_path)))
    y = _labels(rows, "typed")
    index, model = _fit(rows, y, 0.3)
    gate = Gate(index, np.asarray(model.coef_[0]), float(model.intercept_[0]), 0.5)
    ours = [gate.decision(r.features) for r in rows]
    theirs = model.decision_function(_matrix(rows, index))
    assert np.allclose(ours, theirs)


def test_train_gate_cv_runs_on_a_read_set(tmp_path: Path) -> None:
    root = _heldout(tmp_path)
    report = cross_validate(mention_records(root), ["typed"], root).report()
    arms = report["e2e_heldout"]
    assert set(arms) == {"off", "typed"}
    assert arms["off"]["gold_events"] == arms["typed"]["gold_events"] > 0
    assert 0.0 < arms["off"]["precision"] <= 1.0
    assert len(report["folds"]) == 5


def test_train_gate_skips_without_fixtures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--fixtures", str(tmp_path)]) == 0
    assert "no read fixture sets" in capsys.readouterr().out
