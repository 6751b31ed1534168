"""Table-driven cases for claimgraph.when.resolve (tests/fixtures/when/cases.tsv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.when import absolute, resolve, to_timex

CASES = Path(__file__).parent / "fixtures" / "when" / "cases.tsv"


def _rows() -> list[tuple[str, ...]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        rows.append(tuple(cols + [""] * (7 - len(cols))))
    return rows


@pytest.mark.parametrize(("text", "anchor", "tense", "value", "end", "gran", "typ"), _rows())
def test_when_resolve_table(
    text: str, anchor: str, tense: str, value: str, end: str, gran: str, typ: str
) -> None:
    ref = resolve(text, dt.date.fromisoformat(anchor), tense)
    assert ref.type == typ, ref.reason
    assert (ref.value or "") == value, ref.reason
    if typ != "unresolved":
        assert ref.granularity == gran, ref.reason
        assert (ref.end_value or "") == end, ref.reason
        assert ref.reason
    assert ref.text == text


def test_when_resolve_reason_names_anchor() -> None:
    ref = resolve("Friday", dt.date(2015, 12, 26))
    assert ref.reason == "'Friday' before 2015-12-26"


def test_when_resolve_without_anchor_only_absolute() -> None:
    assert resolve("Friday", None).type == "unresolved"
    assert resolve("April 9, 2015", None).value == "2015-04-09"
    assert absolute("27 مارس، 2018")
    assert not absolute("yesterday")


def test_when_resolve_never_raises_on_junk() -> None:
    for junk in ["", "   ", "and we", "Feb 30", "31 June 2015", "Feb 29", "🙂", "x" * 500]:
        resolve(junk, dt.date(2015, 3, 1))


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "timex"),
    [
        ("this week", "2013-03-21", "past", "2013-W12"),
        ("Last month", "2013-03-21", "past", "2013-02"),
        ("last summer", "2013-03-22", "past", "2012-SU"),
        ("now", "2013-03-22", "past", "PRESENT_REF"),
        ("today", "2013-03-22", "present", "PRESENT_REF"),
        ("today", "2013-03-22", "past", "2013-03-22"),
        ("this fiscal year", "2013-03-22", "past", "2013"),
        ("April 7", "2013-03-22", "future", "2013-04-07"),
        ("the past two years", "2013-03-22", "past", None),
    ],
)
def test_when_to_timex(text: str, anchor: str, tense: str, timex: str | None) -> None:
    assert to_timex(resolve(text, dt.date.fromisoformat(anchor), tense)) == timex


@pytest.mark.parametrize("age", ["40", "45", "7", "103"])
def test_a_bare_number_is_an_age_not_a_year(age: str) -> None:
    # "Prosecutors say the two men, 45 and 40, hired him": spaCy labels the ages DATE, and
    # dateparser read them as 1945 and 1940
    ref = resolve(age, dt.date(2025, 3, 14), "past")
    assert ref.type == "unresolved" and ref.value is None
