"""Per-class F1 tables shared by the event-type evals."""

from __future__ import annotations

from claimgraph.eval import prf

__all__ = ["macro_weighted"]


def _f1_table(gold: list[str], pred: list[str]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for lab in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        out[lab] = (*prf(tp, fp, fn), sum(1 for g in gold if g == lab))
    return out


def macro_weighted(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    tab = _f1_table(gold, pred)
    if not tab:
        return 0.0, 0.0, 0.0
    macro = sum(v[2] for v in tab.values()) / len(tab)
    n = sum(v[3] for v in tab.values())
    weighted = sum(v[2] * v[3] for v in tab.values()) / n
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold)
    return macro, weighted, acc
