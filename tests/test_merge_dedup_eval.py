"""merge: coreference metrics, average-link clustering, and the `dedup` eval task on ECB+."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.merge.cluster import average_link
from claimgraph.merge.corefmetrics import b3, ceafe, conll, muc

ECBPLUS = Path(__file__).parents[2] / "shared" / "eval" / "ecbplus"

KEY = [frozenset("abc"), frozenset("de")]


def test_merge_metrics_perfect() -> None:
    s = conll(KEY, KEY)
    assert s["conll_f1"] == pytest.approx(1.0)


def test_merge_metrics_singletons() -> None:
    resp = [frozenset(x) for x in "abcde"]
    r, p, f = muc(KEY, resp)
    assert (r, f) == (0.0, 0.0)
    r, p, _ = b3(KEY, resp)
    assert r == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)
    assert p == pytest.approx(1.0)


def test_merge_metrics_known_values() -> None:
    resp = [frozenset("ab"), frozenset("cde")]
    r, p, _ = muc(KEY, resp)
    assert (r, p) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    r, p, _ = b3(KEY, resp)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    r, p, _ = ceafe(KEY, resp)
    # best alignment: abc-ab (2*2/5) + de-cde (2*2/5)
    assert r == pytest.approx(0.8) and p == pytest.approx(0.8)


def test_merge_average_link_veto_and_threshold() -> None:
    sim = np.array([[0, 0.9, 0.8, 0.1], [0.9, 0, -np.inf, 0.1], [0.8, -np.inf, 0, 0.1],
                    [0.1, 0.1, 0.1, 0]])  # fmt: skip
    assert average_link(sim, 0.5) == [[0, 1], [2], [3]]
    assert average_link(np.zeros((0, 0)), 0.5) == []


@pytest.mark.slow
@pytest.mark.eval
def test_merge_dedup_eval_ecbplus_small() -> None:
    if not ECBPLUS.is_dir():
        pytest.skip("../shared/eval/ecbplus absent")
    from claimgraph.eval.tasks.dedup import evaluate

    r = evaluate(ECBPLUS, limit=3)
    assert r.task == "dedup" and r.dataset == "ecbplus" and r.n > 100
    assert r.metrics["conll_f1_gold_mentions"] > 0.6
    assert 0.0 < r.metrics["conll_f1"] <= 1.0


def test_merge_dedup_eval_rejects_other_dirs(tmp_path: Path) -> None:
    from claimgraph.eval import UnknownDataset
    from claimgraph.eval.tasks.dedup import evaluate

    with pytest.raises(UnknownDataset):
        evaluate(tmp_path)
