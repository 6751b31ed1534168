"""The mention gate: a fitted logistic regression kept as plain arrays, applied in NumPy.

In: the sparse binary feature names of one mention (`features.mention_features`). Out: the
probability that the mention states an event the story reports as having happened, and whether it
clears the gate's threshold. The weights are fitted offline (`python -m claimgraph.eval.train_gate`,
scikit-learn's L2 LogisticRegression) and shipped as JSON in `data/judge/mention_gate.json`:
vocabulary, coefficients, intercept, threshold and how they were made. A run never imports
scikit-learn: with binary features the decision function is the intercept plus the sum of the
coefficients of the features present, the same number scikit-learn computes.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.resources import data_path

__all__ = ["GATE_FILE", "Gate", "shipped_gate"]

GATE_FILE = ("judge", "mention_gate.json")


@dataclass(frozen=True)
class Gate:
    """A fitted gate: `index` maps a feature name to its column of `coef`."""

    index: dict[str, int]
    coef: np.ndarray
    intercept: float
    threshold: float
    info: dict[str, Any] = field(default_factory=dict)

    def decision(self, features: Iterable[str]) -> float:
        """scikit-learn's `decision_function` for the binary row of `features` (unknown names
        have no column and add nothing; a name twice counts once)."""
        index = self.index
        cols = {index[f] for f in features if f in index}
        if not cols:
            return self.intercept
        return self.intercept + float(self.coef.take(np.fromiter(cols, np.intp, len(cols))).sum())

    def score(self, features: Iterable[str]) -> float:
        """The probability that the mention states an event that happened."""
        z = self.decision(features)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def keeps(self, features: Iterable[str]) -> bool:
        return self.score(features) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        vocab = sorted(self.index, key=self.index.__getitem__)
        return {
            **self.info,
            "vocabulary": vocab,
            "coef": [round(float(c), 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Gate:
        vocab = list(d["vocabulary"])
        coef = np.asarray(d["coef"], dtype=np.float64)
        if len(vocab) != len(coef):
            raise ValueError(f"gate: {len(vocab)} features but {len(coef)} coefficients")
        info = {
            k: v for k, v in d.items() if k not in ("vocabulary", "coef", "intercept", "threshold")
        }
        return cls(
            index={f: i for i, f in enumerate(vocab)},
            coef=coef,
            intercept=float(d["intercept"]),
            threshold=float(d["threshold"]),
            info=info,
        )

    @classmethod
    def load(cls, path: Path) -> Gate:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def shipped_gate() -> Gate | None:
    """The gate shipped in `data/judge/mention_gate.json`, or None when there is none (the
    stage then passes every mention on)."""
    path = data_path(*GATE_FILE)
    return Gate.load(path) if path.exists() else None
