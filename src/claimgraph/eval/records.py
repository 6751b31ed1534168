"""Reading gold records that lack optional fields: one odd record never stops an eval.

In: the records of a gold file (dicts from JSON/JSONL/CSV, XML elements, lines of a stand-off
file) and a function that reads one of them. Out: the records it could read; the others are
counted by reason in a `Skipped`, which every eval reports (`skipped` in the metrics, a table
row naming the reasons) so a partial score never looks like a full one.

A reader raises `KeyError`, `TypeError`, `ValueError`, `AttributeError` or `IndexError` on a
record it cannot use (a missing text or label, a span that is not a pair of numbers) or returns
None; `text_of` and `mapping` read fields that gold sets give in more than one shape (`textInfo`
as an object or as a plain string).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["Skipped", "each", "mapping", "text_of", "SKIPPABLE"]

T = TypeVar("T")
R = TypeVar("R")

#: what reading a record that lacks a field raises
SKIPPABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError)


class Skipped:
    """Records an eval could not use, counted by reason."""

    def __init__(self) -> None:
        self.reasons: Counter[str] = Counter()

    def add(self, reason: str) -> None:
        self.reasons[reason[:80]] += 1

    def __len__(self) -> int:
        return sum(self.reasons.values())

    def report(self, metrics: dict[str, float], rows: list[tuple[str, Any]]) -> None:
        """Add `skipped` to `metrics` and, when any record was skipped, a row naming why."""
        metrics["skipped"] = float(len(self))
        if self:
            why = ", ".join(f"{r}: {n}" for r, n in self.reasons.most_common(5))
            rows.append(("skipped records", f"{len(self)} ({why})"))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r}" if exc.args else "missing field"
    return f"{type(exc).__name__}: {exc}"


def each(records: Iterable[T], read: Callable[[T], R | None], skipped: Skipped) -> Iterator[R]:
    """`read(record)` for every record it can read; the rest are counted in `skipped`."""
    for rec in records:
        try:
            out = read(rec)
        except SKIPPABLE as exc:
            skipped.add(_reason(exc))
            continue
        if out is None:
            skipped.add("nothing to score")
            continue
        yield out


def mapping(value: Any) -> dict:
    """`value` when it is an object, else an empty one (a field given in another shape)."""
    return value if isinstance(value, dict) else {}


def text_of(value: Any, *keys: str) -> str:
    """A text field given as a string or as an object holding it under one of `keys`
    (`textInfo` is {"markup": ...} in one file and a plain string in another); "" otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for k in keys:
            if isinstance(value.get(k), str):
                return value[k]
    return ""
