"""Time expression -> TimeRef, relative to an anchor (publication) date and a tense.

In: a short time expression as written ("on Wednesday", "late last July", "27 مارس، 2018"),
the anchor date (or None when the document has no date) and the tense of the reporting
("past" | "present" | "future"). Out: a `TimeRef` with `value` (ISO day), `end_value` (only for
`type == "range"`), `granularity` (day | week | month | year), `type` (exact | approximate | range |
unresolved) and a human-readable `reason`.

Conventions:
- `value` is always a full ISO day. For week/month/year granularity it is the first day of the
  period ("March 2016" -> 2016-03-01, month); the granularity says how much of it is meant.
- Seasons are ranges of three months; their reason carries the TIMEX3 code, e.g. "(SU)".
- "now", "nowadays" (and "today" in present-tense text) are present references: the anchor day,
  type approximate, reason starting with "present reference".

The cascade (first rule that matches the whole cleaned expression wins):
 1. absolute dates (ISO, "April 9, 2015", "9 April 2015", month + year, a bare year)
 2. month + day without a year ("Dec. 25", "9 April") -> year from the anchor and the tense
 3. day words (today, tonight, yesterday, tomorrow), weekdays (+ last/next/this, early/late)
 4. units relative to the anchor (last week, earlier this month, next year, the weekend),
    "N units ago", "the past N units" (a range), "recent weeks" (a range)
 5. month names and seasons without a year (the most recent one for past tense)
 6. dateparser 1.5.0 on the span itself, with an explicit language and the anchor as base
 7. otherwise: unresolved, with the reason.
Arabic expressions are first translated word by word (month and weekday names, Levantine and
Egyptian month names, أمس / اليوم / الماضي ...) into the English forms the cascade reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from claimgraph.model import TimeRef
from claimgraph.text import ARABIC_LETTERS, DIGITS, has_arabic, normalize_arabic

__all__ = ["resolve", "absolute", "TENSES"]

TENSES = ("past", "present", "future")

_MONTHS_EN: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS_EN: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTH_NAMES = [calendar.month_name[i].lower() for i in range(13)]
_WEEKDAY_NAMES = [calendar.day_name[i].lower() for i in range(7)]

# Arabic: Levantine/Iraqi (Syriac) month names and Egyptian (European) ones, both used in Syrian
# and Iraqi news; written here before normalisation (see _ar_norm).
_MONTHS_AR: dict[str, int] = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
}  # fmt: skip
_WEEKDAYS_AR: dict[str, int] = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4,
    "السبت": 5, "الأحد": 6,
}  # fmt: skip
_WORDS_AR: dict[str, str] = {
    "أمس": "yesterday", "الأمس": "yesterday", "البارحة": "yesterday", "اليوم": "today",
    "غدا": "tomorrow", "الليلة": "tonight", "الأسبوع": "week", "الشهر": "month", "العام": "year",
    "السنة": "year", "الماضي": "last", "الماضية": "last", "المقبل": "next", "المقبلة": "next",
    "القادم": "next", "القادمة": "next", "هذا": "this", "هذه": "this", "يوم": "", "في": "",
    "مطلع": "early", "أوائل": "early", "أواخر": "late", "أواسط": "mid", "منتصف": "mid",
    "نهاية": "late", "بداية": "early", "مساء": "", "صباح": "", "فجر": "", "ليل": "",
    "منذ": "since",
}  # fmt: skip

_ar_norm = normalize_arabic


def _build_ar_table() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for name, m in _MONTHS_AR.items():
        table[_ar_norm(name)] = _MONTH_NAMES[m]
    for name, d in _WEEKDAYS_AR.items():
        table[_ar_norm(name)] = _WEEKDAY_NAMES[d]
    for name, en in _WORDS_AR.items():
        table[_ar_norm(name)] = en
    keys = sorted(table, key=len, reverse=True)
    # word boundaries for Arabic: not preceded/followed by an Arabic letter (allow the و/ب/ل
    # clitics in front of a month or weekday: "وفي", "بيوم" are rare enough in spans to ignore)
    pat = re.compile(
        f"(?<![{ARABIC_LETTERS}])(" + "|".join(map(re.escape, keys)) + f")(?![{ARABIC_LETTERS}])"
    )
    return pat, table


_AR_PAT, _AR_TABLE = _build_ar_table()

_NUM_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
_VAGUE_NUMS = {"a few", "few", "several", "a couple of", "couple of"}

_MON = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_WD = "|".join(sorted(_WEEKDAYS_EN, key=len, reverse=True))
_NUM = "|".join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True)) + r"|\d{1,3}"
_MOD = r"early|earlier|late|later|mid|middle of|the middle of|the end of|end of|the beginning of|beginning of|the start of|start of|the first half of|the second half of"
_PART = r"morning|afternoon|evening|night|noon|midday|dawn"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(1[89]\d\d|20\d\d)"

_C = re.IGNORECASE


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p, _C)


_P_ISO = _rx(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_P_ISO_MONTH = _rx(r"(\d{4})-(\d{1,2})")
_P_MDY = _rx(rf"(?:(?:{_WD})\.?,?\s+)?({_MON})\.?\s+(\d{{1,2}}){_ORD},?\s*{_YEAR}?")
_P_DMY = _rx(
    rf"(?:(?:{_WD})\.?,?\s+)?(?:the\s+)?(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MON})\.?,?\s*{_YEAR}?"
)
_P_MY = _rx(rf"(?:({_MOD})\s+)?({_MON})\.?,?\s+(?:of\s+)?{_YEAR}")
_P_Y = _rx(rf"(?:({_MOD})\s+)?(?:the\s+year\s+)?{_YEAR}")
_P_SEASON_Y = _rx(
    rf"(?:({_MOD})\s+)?(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR}"
)
_P_DAYWORD = _rx(
    rf"(?:({_MOD})\s+)?(today|tonight|yesterday|tomorrow|the day before yesterday|"
    rf"the day after tomorrow|last night|overnight|this ({_PART})|"
    rf"(?:yesterday|today|tomorrow)\s+(?:{_PART})|(?:earlier|later) today)"
)
_P_WEEKDAY = _rx(
    rf"(?:({_MOD})\s+(?:on\s+)?)?(?:(last|this|next|past|previous|coming)\s+)?({_WD})\.?"
    rf"(?:\s+(?:{_PART}))?(?:\s+(?:last|next)\s+week)?"
)
_P_UNIT = _rx(
    rf"(?:({_MOD})\s+)?(?:(last|this|next|past|previous|coming|the previous|the following|the coming|this past|this coming|the current|current|the)\s+)?"
    r"(week|weekend|month|year|fiscal year|decade)"
)
_P_AGO = _rx(
    rf"({_NUM})\s+(day|week|month|year|decade)s?\s+(ago|earlier|before|later|from now|hence)"
)
_P_PASTN = _rx(
    rf"(?:the\s+|over\s+the\s+|in\s+the\s+|during\s+the\s+)?(past|last|previous|next|coming|first)"
    rf"\s+(?:({_NUM})\s+)?(day|week|month|year|decade)s?"
)
_P_RECENT = _rx(r"(?:the\s+)?(recent|coming|past few|last few|next few)\s+(day|week|month|year)s")
_P_MONTH = _rx(rf"(?:({_MOD})\s+)?(?:(last|this|next|past|previous|coming)\s+)?({_MON})\.?")
_P_SEASON = _rx(
    rf"(?:({_MOD})\s+)?(?:(last|this|next|past|previous|coming|this past|the)\s+)?(spring|summer|autumn|fall|winter)"
)
_P_DECADE = _rx(rf"(?:the\s+)?(?:({_MOD})\s+)?(?:the\s+)?(?:(1[89]\d|20\d)0|'?([1-9]0))'?s")
_P_QUARTER = _rx(
    rf"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter(?:\s+(?:of\s+)?(?:(this|last|next)\s+year|{_YEAR}))?|q([1-4])(?:\s+{_YEAR})?"
)
_P_ANAPHORIC = _rx(
    r"(?:the\s+)?(?:following|same|preceding)\s+(?:day|week|month|year)|the\s+(?:next|previous)\s+(?:day|week|month|year)|(?:the\s+)?(?:day|week|month|year)\s+(?:before|after)|that\s+(?:day|week|month|year|time)|the\s+day|then"
)
_P_PAST_REF = _rx(r"recently|lately|previously|formerly|(?:in\s+)?the\s+past|earlier|once|before")
_P_FUTURE_REF = _rx(
    r"(?:in\s+)?the\s+(?:near\s+)?future|soon|future|later|eventually|in\s+the\s+coming\s+(?:period|days|weeks|months|years)"
)
_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
    "boxing day": (12, 26), "may day": (5, 1), "labour day": (5, 1),
}  # fmt: skip
_P_HOLIDAY = _rx(
    "("
    + "|".join(map(re.escape, sorted(_HOLIDAYS, key=len, reverse=True)))
    + rf")(?:,?\s+{_YEAR})?"
)
_P_PRESENT = _rx(
    r"now|right now|nowadays|currently|at present|these days|presently|at the moment|present"
)
_P_TIME = _rx(
    r"\b(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}(?:\s*(?:gmt|utc|est|edt|local time|local))?"
    r"|(?:around|about)\s+(?:noon|midnight)|noon|midnight)\b"
)

_LEAD = _rx(
    r"^(?:on|in|at|by|since|during|from|until|till|of|as of|early on|late on|around|about|over|for|through|throughout|within)\s+"
)
_TRAIL = _rx(r"(?:'s|’s|')$")
_SPACE = re.compile(r"\s+")
_HYPHEN_MOD = re.compile(r"\b(mid|early|late|end)-")

_MOD_NORM = {
    "earlier": "early", "later": "late", "middle of": "mid", "the middle of": "mid",
    "the end of": "late", "end of": "late", "the beginning of": "early", "beginning of": "early",
    "the start of": "early", "start of": "early", "the first half of": "early",
    "the second half of": "late",
}  # fmt: skip
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}


def _clean(text: str) -> str:
    s = text.strip()
    if has_arabic(s):
        s = _ar_norm(s).translate(DIGITS).replace("،", ",")
        s = _AR_PAT.sub(lambda m: " " + _AR_TABLE[m.group(1)] + " ", s)
        # Arabic word order: "الجمعة الماضية" -> "friday last": put last/next first
        s = re.sub(r"(\b\w+\b)\s+(last|next)\b", r"\2 \1", s)
        s = re.sub(r"\bthis\s+(?:this\s+)?", "this ", s)
    s = s.translate(DIGITS)
    s = s.replace("’", "'").replace("—", " ").replace("–", " ")
    s = _SPACE.sub(" ", s).strip(" .,;:()\"'").lower().replace(" ,", ",")
    s = _HYPHEN_MOD.sub(r"\1 ", s)
    s = _TRAIL.sub("", s)
    s = s.replace("fiscal year", "year")
    for _ in range(3):
        s2 = _LEAD.sub("", s)
        if s2 == s:
            break
        s = s2
    return s.strip(" .,;:")


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else _NUM_WORDS[s]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_shift(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _year_shift(d: dt.date, n: int) -> dt.date:
    return dt.date(d.year + n, 1, 1)


def _ref(
    value: dt.date | None, gran: str, typ: str, reason: str, end: dt.date | None = None
) -> TimeRef:
    return TimeRef(
        value=value.isoformat() if value else None,
        end_value=end.isoformat() if end else None,
        granularity=gran,
        type=typ,
        reason=reason,
    )


def _rel_reason(text: str, d: dt.date, anchor: dt.date) -> str:
    if d < anchor:
        return f"'{text}' before {anchor.isoformat()}"
    if d > anchor:
        return f"'{text}' after {anchor.isoformat()}"
    return f"'{text}' = publication day {anchor.isoformat()}"


def absolute(text: str) -> bool:
    """True when the expression names its own year (needs no anchor)."""
    return resolve(text, None).type != "unresolved"


def resolve(text: str, anchor: dt.date | None, tense: str = "past") -> TimeRef:
    """Resolve one time expression against `anchor` (the publication date; None if unknown).

    Relative expressions without an anchor are `unresolved`. Never raises on odd input.
    """
    if tense not in TENSES:
        tense = "past"
    raw = (text or "").strip()
    s = _clean(raw)
    if not s:
        empty = _ref(None, "day", "unresolved", f"empty time expression {raw!r}")
        empty.text = text
        return empty
    ref = _absolute(s, raw)
    if ref is None:
        if anchor is None:
            ref = _ref(
                None, "day", "unresolved", f"'{raw}' is relative and there is no publication date"
            )
            ref.text = text
            return ref
        ref = _relative(s, raw, anchor, tense)
        if ref is None:
            # drop a clock time ("15:00 GMT Saturday", "8 pm yesterday") and try again
            s2 = _SPACE.sub(" ", _P_TIME.sub(" ", s)).strip(" ,.")
            if s2 != s and s2:
                ref = _absolute(s2, raw) or _relative(s2, raw, anchor, tense)
            elif s2 != s:
                ref = _ref(
                    anchor,
                    "day",
                    "approximate",
                    f"'{raw}' is a clock time: taken as the publication day",
                )
        if ref is None:
            ref = _dateparser(raw, anchor, tense)
    if ref is None:
        ref = _ref(None, "day", "unresolved", f"no rule resolves '{raw}'")
    ref.text = text
    return ref


# --- absolute -------------------------------------------------------------------------------


def _absolute(s: str, raw: str) -> TimeRef | None:
    if m := _P_ISO.fullmatch(s):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _ref(d, "day", "exact", f"'{raw}' is an absolute date") if d else None
    if m := _P_ISO_MONTH.fullmatch(s):
        if 1 <= int(m[2]) <= 12:
            return _ref(
                dt.date(int(m[1]), int(m[2]), 1), "month", "exact", f"'{raw}' is an absolute month"
            )
    if (m := _P_MDY.fullmatch(s)) and m[3]:
        d = _safe_date(int(m[3]), _MONTHS_EN[m[1].lower()], int(m[2]))
        return _ref(d, "day", "exact", f"'{raw}' is an absolute date") if d else None
    if (m := _P_DMY.fullmatch(s)) and m[3]:
        d = _safe_date(int(m[3]), _MONTHS_EN[m[2].lower()], int(m[1]))
        return _ref(d, "day", "exact", f"'{raw}' is an absolute date") if d else None
    if m := _P_MY.fullmatch(s):
        d = dt.date(int(m[3]), _MONTHS_EN[m[2].lower()], 1)
        return _with_mod(d, "month", m[1], raw, "is an absolute month")
    if m := _P_Y.fullmatch(s):
        return _with_mod(dt.date(int(m[2]), 1, 1), "year", m[1], raw, "is an absolute year")
    if m := _P_SEASON_Y.fullmatch(s):
        return _season(int(m[3]), m[2], raw, "absolute season")
    if (m := _P_DECADE.fullmatch(s)) and m[2]:
        start = dt.date(int(m[2]) * 10, 1, 1)
        return _ref(
            start,
            "year",
            "range",
            f"'{raw}': decade ({m[2]}) {start.year}s",
            end=dt.date(start.year + 9, 12, 31),
        )
    if (m := _P_HOLIDAY.fullmatch(s)) and m[2]:
        mo, day = _HOLIDAYS[m[1]]
        return _ref(dt.date(int(m[2]), mo, day), "day", "exact", f"'{raw}' is an absolute date")
    if (m := _P_QUARTER.fullmatch(s)) and (m[3] or m[5]):
        return _quarter(_quarter_no(m[1] or m[4]), int(m[3] or m[5]), raw, "absolute quarter")
    return None


_QUARTER_NO = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
               "4th": 4, "last": 4, "final": 4}  # fmt: skip


def _quarter_no(w: str) -> int:
    return int(w) if w.isdigit() else _QUARTER_NO[w.lower()]


def _quarter(q: int, year: int, raw: str, what: str) -> TimeRef:
    start = dt.date(year, 3 * q - 2, 1)
    end = _month_shift(start, 3) - dt.timedelta(days=1)
    return _ref(start, "month", "range", f"'{raw}' {what} (Q{q}) {year}", end=end)


def _with_mod(d: dt.date, gran: str, mod: str | None, raw: str, what: str) -> TimeRef:
    if not mod:
        return _ref(d, gran, "exact", f"'{raw}' {what}")
    part = _MOD_NORM.get(mod.lower(), mod.lower())
    return _ref(d, gran, "approximate", f"'{raw}' {what}; '{part}' part of it")


def _season(year: int, name: str, raw: str, what: str) -> TimeRef:
    code, first = _SEASONS[name.lower()]
    start = dt.date(year, first, 1)
    end = _month_shift(start, 3) - dt.timedelta(days=1)
    return _ref(start, "month", "range", f"'{raw}' {what} ({code}) {year}", end=end)


# --- relative -------------------------------------------------------------------------------


def _relative(s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    """A relative expression `s` ("last Tuesday", "two weeks ago", "the '90s", "next spring")
    resolved against the anchor date `a`, in the direction of the sentence's tense: the first
    form of `_RELATIVE_FORMS` that matches decides (its answer may be None: no date)."""
    for match, resolve in _RELATIVE_FORMS:
        if m := match(s):
            return resolve(m, s, raw, a, tense)
    return None


def _past(tense: str) -> bool:
    return tense != "future"


def _form_mdy(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _month_day(_MONTHS_EN[m[1].lower()], int(m[2]), raw, a, _past(tense))


def _form_dmy(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _month_day(_MONTHS_EN[m[2].lower()], int(m[1]), raw, a, _past(tense))


def _form_present(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _ref(a, "day", "approximate", f"present reference '{raw}' = {a.isoformat()}")


def _form_anaphoric(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _ref(
        None, "day", "unresolved", f"'{raw}' is anaphoric: it needs a reference time from the story"
    )


def _form_past_ref(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _ref(
        None, "day", "unresolved", f"past reference '{raw}': before {a.isoformat()}, no date"
    )


def _form_future_ref(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _ref(
        None, "day", "unresolved", f"future reference '{raw}': after {a.isoformat()}, no date"
    )


def _form_holiday(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    mo, d = _HOLIDAYS[m[1]]
    return _month_day(mo, d, raw, a, _past(tense))


def _form_decade(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    """ "the '90s": the last such decade."""
    dec = int(m[3])
    y = (a.year // 100) * 100 + dec
    if y > a.year:
        y -= 100
    return _ref(
        dt.date(y, 1, 1),
        "year",
        "range",
        f"'{raw}': decade ({y // 10}) {y}s",
        end=dt.date(y + 9, 12, 31),
    )


def _form_quarter(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    q = _quarter_no(m[1] or m[4])
    rel = (m[2] or "").lower()
    y = a.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel and _past(tense) and dt.date(a.year, 3 * q - 2, 1) > a:
        y -= 1
    return _quarter(q, y, raw, f"relative to {a.isoformat()}:")


def _form_dayword(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _dayword(m[2].lower(), m[1], raw, a, tense)


def _form_weekday(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    wd = _WEEKDAYS_EN[m[3].lower()]
    return _weekday(wd, (m[2] or "").lower(), m[1], s, raw, a, _past(tense))


def _form_ago(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _ago(m[1].lower(), m[2].lower(), m[3].lower(), raw, a)


def _form_recent(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    n = 3 if m[2].lower() in ("day", "week") else 3
    return _span(n, m[2].lower(), m[1].lower(), raw, a, vague=True)


def _pastn_match(s: str) -> re.Match[str] | None:
    """ "the past three days", "over the last week", "past 24 hours": a number, or "the past"
    / "last" after a preposition or article."""
    m = _P_PASTN.fullmatch(s)
    if m and (
        m[2]
        or (s.startswith(("the ", "over ", "in ", "during ")) and m[1].lower() in ("past", "last"))
    ):
        return m
    return None


def _form_pastn(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    n = _num(m[2]) if m[2] else 1
    return _span(
        n, m[3].lower(), m[1].lower(), raw, a, vague=bool(m[2]) and m[2].lower() in _VAGUE_NUMS
    )


def _form_unit(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _unit(m[3].lower(), (m[2] or "").lower(), m[1], raw, a, _past(tense))


def _form_month(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _month(_MONTHS_EN[m[3].lower()], (m[2] or "").lower(), m[1], raw, a, _past(tense))


def _form_season(m: re.Match[str], s: str, raw: str, a: dt.date, tense: str) -> TimeRef | None:
    return _rel_season(m[3].lower(), (m[2] or "").lower(), raw, a, _past(tense))


_Form = tuple[
    Callable[[str], "re.Match[str] | None"],
    Callable[["re.Match[str]", str, str, dt.date, str], "TimeRef | None"],
]
#: the relative forms in the order they are tried: (matcher of the whole expression, resolver)
_RELATIVE_FORMS: tuple[_Form, ...] = (
    (_P_MDY.fullmatch, _form_mdy),
    (_P_DMY.fullmatch, _form_dmy),
    (_P_PRESENT.fullmatch, _form_present),
    (_P_ANAPHORIC.fullmatch, _form_anaphoric),
    (_P_PAST_REF.fullmatch, _form_past_ref),
    (_P_FUTURE_REF.fullmatch, _form_future_ref),
    (_P_HOLIDAY.fullmatch, _form_holiday),
    (_P_DECADE.fullmatch, _form_decade),
    (_P_QUARTER.fullmatch, _form_quarter),
    (_P_DAYWORD.fullmatch, _form_dayword),
    (_P_WEEKDAY.fullmatch, _form_weekday),
    (_P_AGO.fullmatch, _form_ago),
    (_P_RECENT.fullmatch, _form_recent),
    (_pastn_match, _form_pastn),
    (_P_UNIT.fullmatch, _form_unit),
    (_P_MONTH.fullmatch, _form_month),
    (_P_SEASON.fullmatch, _form_season),
)


def _month_day(month: int, day: int, raw: str, a: dt.date, past: bool) -> TimeRef | None:
    d = _safe_date(a.year, month, day)
    if d is None and month == 2 and day == 29:  # a leap day: the nearest leap year
        for y in (a.year - 1, a.year + 1, a.year - 2, a.year + 2, a.year - 3, a.year + 3):
            d = _safe_date(y, 2, 29) or d
    if d is None:
        return None
    if past and d > a:
        d = _safe_date(d.year - 1, month, day) or d.replace(day=28)
        why = f"year {d.year}: the last {calendar.month_abbr[month]} {day} on or before {a.isoformat()}"
    elif not past and d < a:
        d = _safe_date(d.year + 1, month, day) or d.replace(day=28)
        why = f"year {d.year}: the next {calendar.month_abbr[month]} {day} on or after {a.isoformat()}"
    else:
        why = f"year {d.year} from the publication date {a.isoformat()}"
    return _ref(d, "day", "exact", f"'{raw}': {why}")


def _dayword(w: str, mod: str | None, raw: str, a: dt.date, tense: str) -> TimeRef:
    w = _SPACE.sub(" ", w)
    if w.startswith(("yesterday", "last night", "the day before yesterday")):
        off = -2 if w.startswith("the day before") else -1
    elif w.startswith(("tomorrow", "the day after tomorrow")):
        off = 2 if w.startswith("the day after") else 1
    else:  # today, tonight, this morning, overnight, earlier today
        if w == "today" and tense == "present":
            return _ref(a, "day", "approximate", f"present reference '{raw}' = {a.isoformat()}")
        off = 0
    d = a + dt.timedelta(days=off)
    return _ref(d, "day", "exact", _rel_reason(raw, d, a))


def _weekday(
    wd: int, rel: str, mod: str | None, s: str, raw: str, a: dt.date, past: bool
) -> TimeRef:
    back = (a.weekday() - wd) % 7  # days back to the most recent such weekday, 0 = the anchor
    fwd = (wd - a.weekday()) % 7
    if s.endswith("last week"):
        monday = a - dt.timedelta(days=a.weekday() + 7)
        d = monday + dt.timedelta(days=wd)
    elif s.endswith("next week"):
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(days=7)
        d = monday + dt.timedelta(days=wd)
    elif rel in ("last", "past", "previous"):
        d = a - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        d = a + dt.timedelta(days=fwd or 7)
    elif past:
        d = a - dt.timedelta(days=back)
    else:
        d = a + dt.timedelta(days=fwd)
    return _ref(d, "day", "exact", _rel_reason(raw, d, a))


def _ago(n: str, unit: str, direction: str, raw: str, a: dt.date) -> TimeRef:
    k = _num(n)
    sign = 1 if direction in ("later", "from now", "hence") else -1
    typ = "approximate" if n in _VAGUE_NUMS else "exact"
    if unit == "day":
        d = a + dt.timedelta(days=sign * k)
        return _ref(d, "day", typ, f"'{raw}' counted from {a.isoformat()}")
    if unit == "week":
        d = a + dt.timedelta(days=sign * 7 * k)
        return _ref(
            d - dt.timedelta(days=d.weekday()),
            "week",
            "approximate",
            f"'{raw}' counted from {a.isoformat()}",
        )
    if unit == "month":
        return _ref(
            _month_shift(a, sign * k), "month", typ, f"'{raw}' counted from {a.isoformat()}"
        )
    if unit == "decade":
        k *= 10
    return _ref(_year_shift(a, sign * k), "year", typ, f"'{raw}' counted from {a.isoformat()}")


def _span(n: int, unit: str, rel: str, raw: str, a: dt.date, vague: bool = False) -> TimeRef:
    forward = rel.startswith(("next", "coming"))
    if unit == "day":
        delta = dt.timedelta(days=n)
    elif unit == "week":
        delta = dt.timedelta(days=7 * n)
    else:
        months = n * {"month": 1, "year": 12, "decade": 120}[unit]
        other = _month_shift(a, months if forward else -months)
        other = _safe_date(other.year, other.month, a.day) or (
            _month_shift(other, 1) - dt.timedelta(days=1)
        )
        delta = abs(other - a)
    start, end = (a, a + delta) if forward else (a - delta, a)
    gran = {"decade": "year"}.get(unit, unit)
    what = "vague span, taken as" if vague else "span"
    return _ref(
        start, gran, "range", f"'{raw}': {what} {start.isoformat()}..{end.isoformat()}", end=end
    )


def _unit(unit: str, rel: str, mod: str | None, raw: str, a: dt.date, past: bool) -> TimeRef | None:
    """ "last week", "this month", "early next year", "the weekend", "the coming decade": the
    unit shifted by `rel` from the anchor `a` (an early/late/mid `mod` makes it approximate)."""
    rel = _unit_rel(rel, unit, past)
    if not rel and not mod and unit != "weekend":
        return None  # a bare "year" / "month" is no time expression
    shift = {"last": -1, "next": 1}.get(rel, 0)
    part = _MOD_NORM.get(mod.lower(), mod.lower()) if mod else None
    if unit == "weekend":
        return _weekend(rel, shift, raw, a, past)
    if unit == "week":
        start = a - dt.timedelta(days=a.weekday()) + dt.timedelta(days=7 * shift)
        why = f"'{raw}': ISO week {start.isocalendar().year}-W{start.isocalendar().week:02d}"
    elif unit == "month":
        start = _month_shift(a, shift)
        why = f"'{raw}': month {start.isoformat()[:7]}"
    elif unit == "year":
        start = _year_shift(a, shift)
        why = f"'{raw}': year {start.year}"
    else:  # decade
        start = dt.date(a.year // 10 * 10 + 10 * shift, 1, 1)
        return _ref(start, "year", "approximate", f"'{raw}': decade from {start.year}")
    if part:
        if shift == 0 and part == "early" and past:
            why += f" (earlier in it, before {a.isoformat()})"
        else:
            why += f"; '{part}' part of it"
        return _ref(start, unit, "approximate", why)
    return _ref(start, unit, "exact", why)


def _unit_rel(rel: str, unit: str, past: bool) -> str:
    """The relation word of a unit expression as "last", "this", "next" or "" (none)."""
    if rel == "the":  # "the weekend" = the nearest one; "the end of the year" = this year
        rel = ("last" if past else "next") if unit == "weekend" else "this"
    rel = rel.replace("the ", "").replace("this ", "")
    if rel in ("past", "previous"):
        rel = "last"
    if rel in ("coming", "following"):
        rel = "next"
    if rel == "current":
        rel = "this"
    return rel


def _weekend(rel: str, shift: int, raw: str, a: dt.date, past: bool) -> TimeRef:
    """Saturday and Sunday of the weekend meant, the nearest one for no relation word (in the
    sentence's direction); a past weekend ends no later than the anchor."""
    sat = a - dt.timedelta(days=(a.weekday() - 5) % 7)  # most recent Saturday on or before
    if shift == 1 or (not past and not rel):
        sat = a + dt.timedelta(days=(5 - a.weekday()) % 7 or 7)
    elif shift == -1 and a.weekday() >= 5:
        sat -= dt.timedelta(days=7)
    sun = sat + dt.timedelta(days=1)
    if past and sun > a:
        sun = a
    return _ref(
        sat, "day", "range", f"'{raw}': weekend {sat.isoformat()}..{sun.isoformat()}", end=sun
    )


def _month(month: int, rel: str, mod: str | None, raw: str, a: dt.date, past: bool) -> TimeRef:
    if rel in ("last", "past", "previous"):
        y = a.year if month < a.month else a.year - 1
    elif rel in ("next", "coming"):
        y = a.year if month > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    elif past:
        y = a.year if month <= a.month else a.year - 1
    else:
        y = a.year if month >= a.month else a.year + 1
    d = dt.date(y, month, 1)
    typ = "approximate" if mod else "exact"
    extra = f"; '{_MOD_NORM.get(mod.lower(), mod.lower())}' part of it" if mod else ""
    return _ref(
        d,
        "month",
        typ,
        f"'{raw}': {calendar.month_name[month]} {y} relative to {a.isoformat()}{extra}",
    )


def _rel_season(name: str, rel: str, raw: str, a: dt.date, past: bool) -> TimeRef:
    code, first = _SEASONS[name]
    # the season containing the anchor starts in year y0
    y0 = a.year if a.month >= first else a.year - 1
    if name == "winter" and a.month < 3:
        y0 = a.year - 1
    in_season = dt.date(y0, first, 1) <= a < _month_shift(dt.date(y0, first, 1), 3)
    if rel in ("last", "past", "previous"):
        y = y0 - 1 if in_season or past else y0
        if not in_season:
            y = y0
    elif rel in ("next", "coming"):
        y = y0 + 1
    elif rel == "this":
        y = y0 if in_season or past else y0 + 1
    else:
        y = y0 if past else (y0 if in_season else y0 + 1)
    return _season(y, name, raw, f"relative to {a.isoformat()}:")


# --- dateparser fallback ---------------------------------------------------------------------


@lru_cache(maxsize=64)
def _parser(lang: str, prefer: str, base: dt.date):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser  # slow import: only when the cascade gives up

    return DateDataParser(
        languages=[lang],
        settings={
            "PREFER_DATES_FROM": prefer,
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12, 0),
        },
    )


@lru_cache(maxsize=4096)
def _date_data(raw: str, lang: str, prefer: str, base: dt.date) -> tuple[dt.date, str] | None:
    """dateparser's reading of `raw` (day, period), None when it finds no date. Cached: it takes
    ~10 ms a call, and the same phrases ("six years", "48 hours") recur in and across stories."""
    p = _parser(lang, prefer, base)
    try:
        data = p.get_date_data(raw)
    except Exception:  # dateparser raises assorted errors on odd strings; treat as no parse
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


#: what dateparser reads as a past date but is none: a bare number under four digits, an age
#: ("Omarov, 40" was read as 1940). ARCHITECTURE "Dates": a bare number is never a date.
_P_NO_DATE = _rx(r"\d{1,3}")
#: a bare duration ("six years", "more than two weeks"): how long, never when. dateparser reads
#: it as that long ago ("sentenced to six years in prison" was dated six years back); "six years
#: ago" is read by `_P_AGO` before this
_P_DURATION = _rx(
    rf"(?:(?:about|nearly|almost|more than|over|at least|some|up to|around|roughly)\s+)?"
    rf"(?:{_NUM}|a|an|a few|several|many)\s+(?:hour|day|week|month|year|decade)s?(?:\s+now)?"
)


def is_duration(text: str) -> bool:
    """A bare duration ("six years", "two days"): how long, never when on its own."""
    return bool(_P_DURATION.fullmatch(_clean(text or "")))


def _dateparser(raw: str, a: dt.date, tense: str) -> TimeRef | None:
    # only short spans: dateparser's liberal parsing gives false hits on running text
    if len(raw) > 40 or not re.search(r"\w", raw):
        return None
    s = _clean(raw)
    if _P_NO_DATE.fullmatch(s) or _P_DURATION.fullmatch(s):
        return None
    lang = "ar" if has_arabic(raw) else "en"
    prefer = "future" if tense == "future" else "past"
    parsed = _date_data(raw, lang, prefer, a)
    if parsed is None:
        return None
    d, period = parsed
    gran = {"time": "day"}.get(period, period)
    if gran not in ("day", "week", "month", "year"):
        gran = "day"
    if tense != "future" and d > a and gran == "day":
        return None
    if d == a and gran == "day":  # dateparser falls back to its base date on words it half-reads
        return None
    return _ref(d, gran, "approximate", f"'{raw}' parsed by dateparser relative to {a.isoformat()}")
