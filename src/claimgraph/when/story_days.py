"""Day counts told from the story's previous act: "One day earlier, parliament voted ...", "the
day before", "a day later", "two days after the attack".

In: a document whose mentions the when stage has dated. Out: the mentions whose date expression
is such a count, re-dated from the act told in the nearest previous sentence, when that act has
an explicit day date of its own. The resolver counts these from the publication date (or cannot
resolve them at all), which gives two acts a story tells apart the same day and lets them merge.
Without an explicit date in the previous sentence the stage's date stands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from claimgraph.model import Document, EventMention, TimeRef
from claimgraph.when import resolver as _r

_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_BACK = frozenset({"earlier", "before", "previous", "preceding"})
#: "one day earlier", "2 days after", "the day before", "the following day" (not "the day before
#: yesterday", which the resolver counts from the publication date)
STORY_DAYS = re.compile(
    r"(?:on\s+)?(?:(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?\s+"
    r"(?P<dir>earlier|later|before|after)"
    r"|the\s+(?:day|night)\s+(?P<dir2>before|after)(?!\s+yesterday)"
    r"|the\s+(?P<dir3>next|following|previous|preceding)\s+(?:day|night))\b",
    re.IGNORECASE,
)
#: the finder's patterns for these counts (`stage.find_time_expressions`)
FINDER_PATTERNS = [
    rf"(?:{_r._NUM})\s+days?\s+(?:later|after|before)",
    r"the\s+(?:day|night)\s+(?:before|after)",
    r"the\s+(?:next|following|previous|preceding)\s+(?:day|night)",
]


def day_offset(text: str, start: int) -> tuple[int, str] | None:
    """(signed days, the words) of a day count starting at `text[start:]`, else None. The words
    may run past a date entity ("two days" + " after the attack")."""
    m = STORY_DAYS.match(text, start)
    if m is None:
        return None
    n = _NUMS.get((m["n"] or "one").lower())
    if n is None:
        n = int(m["n"])
    way = (m["dir"] or m["dir2"] or m["dir3"]).lower()
    return (-n if way in _BACK else n), m.group(0)


def _sentences(mentions: Iterable[EventMention]) -> dict[tuple[str, int], list[EventMention]]:
    out: dict[tuple[str, int], list[EventMention]] = {}
    for m in mentions:
        out.setdefault((m.evidence.segment, m.evidence.start), []).append(m)
    return out


def _explicit_day(m: EventMention) -> dt.date | None:
    """The day `m` is dated by an expression of its own sentence, if it is one."""
    d = m.date
    if d is None or d.text is None or d.type != "exact" or d.granularity != "day" or not d.value:
        return None
    return dt.date.fromisoformat(d.value)


def _previous_day(
    m: EventMention, by_sentence: dict[tuple[str, int], list[EventMention]]
) -> tuple[dt.date, EventMention] | None:
    """The explicit day of the act told in the nearest previous sentence (same segment) that tells
    one; None when that sentence has no explicit day, or two different ones."""
    seg, here = m.evidence.segment, m.evidence.start
    before = [k for k in by_sentence if k[0] == seg and by_sentence[k][0].evidence.end <= here]
    if not before:
        return None
    prev = by_sentence[max(before, key=lambda k: k[1])]
    days = [(d, p) for p in prev if (d := _explicit_day(p)) is not None]
    if len({d for d, _ in days}) != 1:
        return None
    return days[0]


Candidates = Callable[[EventMention], list[tuple[str, int | None, int | None]]]


def _day_count(
    doc: Document, m: EventMention, candidates: Candidates
) -> tuple[int, tuple[int, str]] | None:
    """(start, (signed days, words)) of the day count that dates `m`: the expression the stage
    chose, or, when the stage fell back to the publication date, the first count of its sentence.
    A mention dated by another expression of its own ("said Wednesday ..., a day after an attack")
    keeps it."""
    cur = m.date
    if cur is not None and cur.text is not None:
        off = day_offset(doc.text, cur.start) if cur.start is not None else None
        return (cur.start, off) if off is not None and cur.start is not None else None
    for _text, start, _end in candidates(m):
        off = day_offset(doc.text, start) if start is not None else None
        if off is not None and start is not None:
            return start, off
    return None


def redate(doc: Document, candidates: Candidates, limit: dt.date | None) -> int:
    """Re-date, in text order, the mentions dated by a day count (or not dated by their sentence
    at all while it holds one) from the previous sentence's act; returns how many. A past act is
    never put after `limit` (the publication date)."""
    ordered = sorted(doc.mentions, key=lambda m: (m.evidence.start, m.trigger.start))
    by_sentence = _sentences(ordered)
    changed = 0
    for m in ordered:
        count = _day_count(doc, m, candidates)
        prev = _previous_day(m, by_sentence) if count is not None else None
        if count is None or prev is None:
            continue
        start, (days, words) = count
        day, p = prev
        value = day + dt.timedelta(days=days)
        if limit is not None and value > limit and m.modality != "planned":
            continue
        m.date = TimeRef(
            text=words, start=start, end=start + len(words), value=value.isoformat(),
            granularity="day", type="exact",
            reason=f"'{words}' counted from {day.isoformat()}, the date of "
            f"'{p.trigger.text}' in the previous sentence",
        )  # fmt: skip
        changed += 1
    return changed
