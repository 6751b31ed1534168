"""The boilerplate and pubdate eval tasks run on a few dev pages (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval import run_task
from claimgraph.eval.tasks.boilerplate import aeb_metrics, token_counts

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def test_clean_eval_token_counts() -> None:
    tp, fp, fn = token_counts("the army took the town", "the army took the town today")
    assert abs(tp + fp + fn - 1) < 1e-9 and fn == 0 and fp > 0
    assert aeb_metrics([(1.0, 0.0, 0.0)]) == (1.0, 1.0, 1.0)
    assert token_counts("", "") == (0.0, 0.0, 0.0)


@pytest.mark.eval
@pytest.mark.skipif(not (EVAL / "scrapinghub_aeb").is_dir(), reason="../shared/eval absent")
def test_clean_eval_boilerplate_aeb_small() -> None:
    r = run_task("boilerplate", EVAL / "scrapinghub_aeb", limit=5)
    assert r.dataset == "scrapinghub_aeb" and r.n == 5
    assert {"f1", "precision", "recall", "baseline_f1"} <= set(r.metrics)
    assert r.metrics["f1"] > 0.8


@pytest.mark.eval
@pytest.mark.skipif(not (EVAL / "trafilatura_eval").is_dir(), reason="../shared/eval absent")
def test_clean_eval_pubdate_small() -> None:
    r = run_task("pubdate", EVAL / "trafilatura_eval", limit=10)
    assert r.dataset == "trafilatura_eval" and r.n == 10
    assert 0.0 <= r.metrics["accuracy"] <= 1.0 and "baseline_accuracy" in r.metrics
