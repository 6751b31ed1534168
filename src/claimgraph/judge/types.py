"""The type model: a learned second opinion on a factual mention's PLOVER type.

In: the judge's feature names of one mention (`features.mention_features`: the rule type, the
trigger's lemma, head and dependency, the sentence's content lemmas, modality, speech cues,
participants ...). Out: a type that should replace the rule type, or None to keep it.
`type_features` adds the conjunctions a type decision needs (rule type x trigger lemma, rule type
x head, lemma x dependency, rule type x speech cue) to the judge's features. The model is a
multinomial logistic regression fitted offline (`python -m claimgraph.eval.train_types`, on our
read annotations) and shipped as plain arrays in `data/judge/mention_types.json`; a run applies
it in NumPy without scikit-learn: with binary features each class's score is its intercept plus
the sum of its coefficients of the features present, and the probabilities their softmax.

A mention keeps its rule type unless the model gives another type a probability above the rule
type's by the shipped `margin` (chosen inside the training folds). A retyped mention loses the
rule's modes (they are the old type's manners: "aerial", "arrest") and its ACLED code unless the
code fits the new type (`events.acled_model.compatible`), so its ACLED fields follow the new type
as `events.acled` maps it. Without a shipped file nothing is retyped.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.events.acled_model import compatible
from claimgraph.model import EventMention
from claimgraph.resources import data_path

__all__ = ["TYPES_FILE", "TypeModel", "apply_type", "shipped_types", "type_features"]

TYPES_FILE = ("judge", "mention_types.json")

#: the judge's feature prefixes crossed with the rule type (what the trigger is and where it sits)
_CROSSED = ("lemma=", "head=", "dep=", "mode=", "cue=")


def type_features(features: Sequence[str]) -> list[str]:
    """The judge's features of a mention plus the conjunctions the type decision reads (sorted,
    each once). Derived from the names alone, so training reads them from recorded rows."""
    rule = next((f[5:] for f in features if f.startswith("type=")), "?")
    lemma = next((f[6:] for f in features if f.startswith("lemma=")), None)
    out = set(features)
    out.update(f"rt|{f}|{rule}" for f in features if f.startswith(_CROSSED))
    if lemma is not None:
        out.update(f"lemma|{f}|{lemma}" for f in features if f.startswith(("dep=", "head=")))
        if "speech_verb" in features:
            out.add(f"speech|lemma={lemma}")
    if "speech_verb" in features:
        out.add(f"speech|type={rule}")
    return sorted(out)


@dataclass(frozen=True)
class TypeModel:
    """A fitted multinomial model: `index` maps a feature name to its row of `coef`
    (features x classes)."""

    index: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    margin: float
    info: dict[str, Any] = field(default_factory=dict)

    def proba(self, features: Iterable[str]) -> np.ndarray:
        """scikit-learn's `predict_proba` for the binary row of `features` (unknown names add
        nothing; a name twice counts once)."""
        rows = sorted({self.index[f] for f in features if f in self.index})
        z = self.intercept + (self.coef[rows].sum(axis=0) if rows else 0.0)
        e = np.exp(z - z.max())
        return np.asarray(e / e.sum())

    def retype(
        self, rule_type: str, features: Iterable[str], held: Collection[str] = ()
    ) -> str | None:
        """The type to give a mention of `rule_type`, or None to keep the rule's. `held`: the
        types the other mentions of its sentence have, which it is never given (a second mention
        of one type in one sentence adds no event: the merge joins the two)."""
        if rule_type not in self.classes:
            return None
        p = self.proba(features)
        best = int(np.argmax(p))
        new = self.classes[best]
        if new == rule_type or new in held:
            return None
        return new if p[best] - p[self.classes.index(rule_type)] > self.margin else None

    def to_dict(self) -> dict[str, Any]:
        vocab = sorted(self.index, key=self.index.__getitem__)
        return {
            **self.info,
            "classes": list(self.classes),
            "margin": round(self.margin, 4),
            "intercept": [round(float(c), 6) for c in self.intercept],
            "vocabulary": vocab,
            "coef": [[round(float(c), 6) for c in row] for row in self.coef],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TypeModel:
        vocab, classes = list(d["vocabulary"]), tuple(d["classes"])
        coef = np.asarray(d["coef"], dtype=np.float64).reshape(len(vocab), len(classes))
        intercept = np.asarray(d["intercept"], dtype=np.float64)
        if len(intercept) != len(classes):
            raise ValueError(f"types: {len(classes)} classes but {len(intercept)} intercepts")
        keys = ("classes", "margin", "intercept", "vocabulary", "coef")
        return cls(
            index={f: i for i, f in enumerate(vocab)},
            coef=coef,
            intercept=intercept,
            classes=classes,
            margin=float(d["margin"]),
            info={k: v for k, v in d.items() if k not in keys},
        )

    @classmethod
    def load(cls, path: Path) -> TypeModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def apply_type(m: EventMention, new_type: str) -> None:
    """Give `m` the type `new_type`: the old type's modes go, and its ACLED code unless it fits."""
    m.event_type = new_type
    m.mode = []
    if m.acled_code is not None and not compatible(new_type, m.acled_code):
        m.acled_code = None


@functools.lru_cache(maxsize=1)
def shipped_types() -> TypeModel | None:
    """The model shipped in `data/judge/mention_types.json`, or None when there is none."""
    path = data_path(*TYPES_FILE)
    return TypeModel.load(path) if path.exists() else None
