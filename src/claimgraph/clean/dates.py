"""Publication-date inference for cleaned documents.

In: the document text, its lines (with offsets) and the kind each line was given by the
segmenter; optionally a date from the container or from HTML metadata.
Out: a `PubDate` (ISO value, granularity, year_known, evidence span, source) or None.

Only dates *placed* like a publication date count: after a cue ("Published", "Posted on",
"تم النشر بتاريخ"), in a copyright line with a full date ("© Copyright Reuters 2017-11-09"), as a
dateline at the start of a paragraph ("December 26, 2015 - ...", "Apr 18, Baghdad: ..."), or as a
line of its own. A dateline may name its place first ("KABUL, March 3 -") or its outlet after the
date ("March 3 (Reuters) -"), and may give no year ("3 March, Kabul:"): such a date is kept with
`year_known` False (stored as `--MM-DD`) unless `complete_year` finds the year in metadata (a
container or page date that gives only the year or month, a `/2019/` in the URL, the WARC capture
date). Dates inside sentences are story dates, never the publication date. A standalone
date next to number-only lines (forum member box: join date, post count, reputation) or after
"Joined"/"Member since" is a trap and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claimgraph.model import PubDate, Span
from claimgraph.text import COPYRIGHT_MARK, DIGITS

__all__ = [
    "DateMatch", "find_dates", "parse_date_string", "infer_pubdate", "complete_year", "iso_or_partial",
    "PLACEHOLDER_YEAR",
]  # fmt: skip

#: year used in `PubDate.value` when the text gives day and month only (a leap year, so that
#: Feb 29 stays valid, and obviously not a real publication year)
PLACEHOLDER_YEAR = 4

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_AR_MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3, "اذار": 3,
    "أبريل": 4, "ابريل": 4, "إبريل": 4, "نيسان": 4, "مايو": 5, "أيار": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7, "تموز": 7,
    "أغسطس": 8, "اغسطس": 8, "آب": 8, "اب": 8, "سبتمبر": 9, "أيلول": 9, "ايلول": 9,
    "أكتوبر": 10, "اكتوبر": 10, "تشرين الأول": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12, "كانون الأول": 12, "كانون الاول": 12,
}  # fmt: skip

_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# a month written with a capital (or in capitals), for day-month dates without a year, where
# "3 may" in running text must not read as a date
_MON_CASED = (
    "(?P<mon>"
    + "|".join(
        alt
        for name in (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
        for alt in (name, name.upper(), name[:3], name[:3].upper())
        + ((name[:4], name[:4].upper()) if name == "September" else ())
    )
    + r")\.?"
)
_AR_MON = "(?P<armon>" + "|".join(sorted(map(re.escape, _AR_MONTHS), key=len, reverse=True)) + ")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# order matters: the first pattern that matches at a position wins
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"(?!\d)", re.I)),
    ("mdy", re.compile(r"\b" + _MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+" + _YEAR + r"(?!\d))?", re.I)),
    ("ar", re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\s*" + _AR_MON + r"\s*[،,]?\s*" + _YEAR + r"(?!\d)")),
    ("numeric", re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./]" + _YEAR + r"(?!\d)")),
    ("my", re.compile(r"\b" + _MON + r",?\s+" + _YEAR + r"(?!\d)", re.I)),
    ("dm", re.compile(r"(?<![\d\w])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MON_CASED + r"(?![\w])")),
]  # fmt: skip


_CUE = re.compile(
    r"(published|posted|updated|last modified|date\s*:|released|"
    r"veröffentlicht|publié|publicado|pubblicato|تم النشر|بتاريخ|نشر في|تاريخ النشر)",
    re.I,
)
_TRAP_CUE = re.compile(r"(joined|member since|registered|birthday|born|برتبة|انضم)", re.I)
_COPYRIGHT = re.compile(COPYRIGHT_MARK, re.I)
_NUMBER_LINE = re.compile(r"^[\d.,\s]+$")

# scanning limits: publication dates sit near the top or bottom of a page, in short lines
MAX_SCAN_LINE = 400  # chars of a line looked at
MAX_HEAD_LINES = 80
MAX_TAIL_LINES = 40


@dataclass(frozen=True)
class DateMatch:
    start: int  # offsets relative to the string searched
    end: int
    year: int | None
    month: int
    day: int | None
    month_known: bool = True  # False for a bare year ("2019"): `month` is then 1

    @property
    def granularity(self) -> str:
        return "day" if self.day else "month" if self.month_known else "year"

    def iso(self) -> str:
        return date(self.year or PLACEHOLDER_YEAR, self.month, self.day or 1).isoformat()


def _mk(kind: str, m: re.Match[str]) -> DateMatch | None:
    g = m.groupdict()
    try:
        year = int(g["year"]) if g.get("year") else None
        if kind == "ar":
            month = _AR_MONTHS[g["armon"]]
        elif g.get("mon"):
            month = _EN_MONTHS[g["mon"][:3].lower()]
        else:
            month = int(g["m"])
        day = int(g["d"]) if g.get("d") else None
        date(year or PLACEHOLDER_YEAR, month, day or 1)  # validates
    except (ValueError, KeyError, TypeError):
        return None
    return DateMatch(m.start(), m.end(), year, month, day)


def find_dates(s: str) -> list[DateMatch]:
    """All non-overlapping explicit dates in `s` (left to right)."""
    s = s.translate(DIGITS)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(s):
            if any(m.start() < e and s0 < m.end() for s0, e in taken):
                continue
            dm = _mk(kind, m)
            if dm is not None:
                found.append(dm)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date_string(value: str | None) -> DateMatch | None:
    """Parse a container/meta date ("2017-11-09", "2017-11-09T10:00:00Z", "Nov 9, 2017")."""
    if not value:
        return None
    value = value.strip()[:200]
    ds = find_dates(value)
    if ds:
        return ds[0]
    m = re.match(r"^((?:19|20)\d\d)(?:-(\d\d))?$", value)
    if m:
        return DateMatch(
            0, len(value), int(m.group(1)), int(m.group(2) or 1), None, bool(m.group(2))
        )
    return None


# what may stand before a dateline's date: nothing but punctuation, or its place in capitals or
# title case and a comma ("KABUL, March 3 -", "New Delhi, Mar 3:")
_DATELINE_PLACE = re.compile(
    r"^[\s\-–—|•·:,]*(?:[A-Z][A-Za-z'.\-]+(?:[ \-][A-Z][A-Za-z'.\-]+){0,3},\s*)?$"
)
# an outlet credit after the date: "March 3 (Reuters) -"
_DATELINE_CREDIT = re.compile(r"^\(\s*[A-Z][\w .&'\-]{1,30}\)\s*[-–—:]")


def _dateline(before: str, after: str) -> bool:
    """Whether a date at this place in a line reads as a dateline: at the start of the line (after
    at most the place and a comma), followed by a separator or an outlet credit, then text."""
    if not _DATELINE_PLACE.match(before):
        return False
    if after[:1] in ("-", "–", "—", ":", ",", "|", "/"):
        # with a place before it, text must follow ("KABUL, March 3 - Heavy rain ...")
        return not before.strip(" \t-–—|•·:,") or bool(after.strip(" -–—:,|/"))
    return bool(_DATELINE_CREDIT.match(after))


def _year_only_copyright(s: str) -> re.Match[str] | None:
    return re.search(r"(?:©|\(c\)|copyright)[^\n]{0,40}?\b((?:19|20)\d\d)\b", s, re.I)


def infer_pubdate(
    text: str,
    lines: list[tuple[int, int]],
    kinds: list[str] | None = None,
) -> PubDate | None:
    """Best publication date from the text itself (see module docstring), or None.

    `lines` are (start, end) offsets of the content lines (stripped, non-empty) in reading
    order; `kinds` the segment kind given to each (quotes and comments are skipped).
    """
    n = len(lines)
    idx = list(range(min(n, MAX_HEAD_LINES))) + list(
        range(max(MAX_HEAD_LINES, n - MAX_TAIL_LINES), n)
    )
    best: tuple[float, int, DateMatch, int] | None = None
    weak_year: tuple[int, int, int] | None = None  # (year, start, end) from a copyright line
    for rank, i in enumerate(idx):
        if kinds and kinds[i] in ("quote", "comment"):
            continue
        ls, le = lines[i]
        s = text[ls : min(le, ls + MAX_SCAN_LINE)]
        for dm in find_dates(s)[:3]:
            before = s[: dm.start]
            after = s[dm.end :].strip()
            score = 0.0
            if _TRAP_CUE.search(before[-40:]):
                continue
            if _CUE.search(before[-60:]):
                score = 5
            elif _COPYRIGHT.search(before[-60:]) and dm.day:
                score = 4
            elif _dateline(before, after):
                score = 4  # dateline: "December 26, 2015 - ...", "Apr 18, Baghdad: ..."
            elif not before.strip() and (not after or re.fullmatch(r"[\d:\s.apmAPM]*", after)):
                # a date on a line of its own: weak, and a trap next to member-box numbers
                near = [j for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
                if any(_NUMBER_LINE.match(text[lines[j][0] : lines[j][1]]) for j in near):
                    continue
                score = 2
            else:
                continue
            if dm.year is None:
                score -= 0.5
            if dm.day is None:
                score -= 1
            key = (score, -rank)
            if best is None or key > (best[0], -best[1]):
                best = (score, rank, dm, ls)
        if weak_year is None:
            m = _year_only_copyright(s)
            if m:
                weak_year = (int(m.group(1)), ls + m.start(1), ls + m.end(1))
    if best is not None:
        _, _, dm, ls = best
        return PubDate(
            value=dm.iso(),
            granularity=dm.granularity,
            year_known=dm.year is not None,
            evidence=Span(
                start=ls + dm.start, end=ls + dm.end, text=text[ls + dm.start : ls + dm.end]
            ),
            source="text",
        )
    if weak_year is not None:
        y, s0, e0 = weak_year
        return PubDate(
            value=date(y, 1, 1).isoformat(),
            granularity="year",
            evidence=Span(start=s0, end=e0, text=text[s0:e0]),
            source="text",
        )
    return None


def iso_or_partial(pub: PubDate) -> str:
    """A PubDate as written for people and the store: ISO to its granularity, `--MM-DD` (or
    `--MM`) when the year is unknown."""
    if not pub.year_known:
        return "--" + (pub.value[5:10] if pub.granularity == "day" else pub.value[5:7])
    return pub.value[: {"day": 10, "month": 7}.get(pub.granularity, 4)]


def _year_before(month: int, day: int, ref: date) -> int:
    """The year that puts month/day on or before `ref` (a page is published before it is captured)."""
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def complete_year(pub: PubDate, hints: list[tuple[str, str | None]]) -> tuple[PubDate, str | None]:
    """Give a date read without its year (`year_known` False) the year its metadata implies.

    `hints` are (source, value) pairs in order of trust: ("container", a JSONL `published` or page
    metadata date that gives only a year or month), ("url", the page URL: a `/2019/` or `/2019/03/`
    path), ("capture", the WARC capture date: the year that puts the date on or before the
    capture). A hint's month, when it has one, must agree with the date's. Returns the completed
    PubDate (or `pub` unchanged) and the source of the year."""
    if pub.year_known:
        return pub, None
    month, day = int(pub.value[5:7]), int(pub.value[8:10])
    for source, value in hints:
        if not value:
            continue
        year = None
        if source == "url":
            m = re.search(r"/((?:19|20)\d\d)/(?:([01]?\d)/)?", value)
            if m and (not m.group(2) or int(m.group(2)) == month):
                year = int(m.group(1))
        else:
            dm = parse_date_string(value)
            if dm is None or dm.year is None:
                continue
            if source == "capture":
                year = _year_before(month, day, date(dm.year, dm.month, dm.day or 1))
            elif not dm.month_known or dm.month == month:
                year = dm.year
        if year is None:
            continue
        try:
            date(year, month, day)
        except ValueError:
            continue
        value_iso = f"{year:04d}{pub.value[4:]}"
        return pub.model_copy(update={"value": value_iso, "year_known": True}), source
    return pub, None


def pubdate_from_string(value: str | None, source: str) -> PubDate | None:
    """A PubDate from a container or meta value, or None when it does not parse."""
    dm = parse_date_string(value)
    if dm is None:
        return None
    return PubDate(
        value=dm.iso(),
        granularity=dm.granularity,
        year_known=dm.year is not None,
        evidence=None,
        source=source,
    )
