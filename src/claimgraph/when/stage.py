"""WhenStage: give every event mention a date, resolved against the publication date.

In: a Document with `published` (PubDate or None), `mentions` (EventMention, `.time` = the time
expression the events stage attached, or None), `entities` (spaCy DATE/TIME spans) and `text`.
Out: the same Document with `mention.date` set on every mention.

The cascade per mention:
 1. the mention's own time expression (`mention.time`), when it resolves;
 2. else a time expression in the mention's sentence (`evidence.start:end`): spaCy DATE/TIME
    entities and our own patterns, nearest to the trigger first;
 3. else the publication date, granularity widened to a week, type `approximate`.
After the cascade, undated past acts in the sentences that go on with a past the story dated more
than a year back take that date (`narrative.carry`), and an undated mention whose clause tells it as past background ("has previously
threatened") is marked a past reference (`background.mark_background`).
A past-tense mention never gets a date after the publication date (such a candidate is skipped;
range ends are clipped). Tense: `modality == "planned"` or a future cue ("will", "scheduled to")
just before the expression means future.
Publication date without a year (`year_known` False): a year is taken only from a full date
written in the text (the latest one), and every relative result is then `approximate`; with no
such evidence relative expressions stay `unresolved` (the partial date is in the reason).
No publication date: only absolute expressions resolve.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from claimgraph.model import NO_OWN_DATE, Document, EventMention, PubDate, TimeRef
from claimgraph.when import background, narrative, story_days
from claimgraph.when import resolver as _r
from claimgraph.when.resolver import resolve

__all__ = ["WhenStage", "find_time_expressions", "guess_tense", "to_timex"]

# --- finding expressions in running text -------------------------------------------------------


def _ar_flex(word: str) -> str:
    """Regex for an (already normalised) Arabic word that accepts the usual spelling variants."""
    out = []
    for ch in word:
        out.append({"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يى]"}.get(ch, re.escape(ch)))
    return "".join(out)


def _build_finder() -> re.Pattern[str]:
    mon, num, mod, part = _r._MON, _r._NUM, _r._MOD, _r._PART
    # full weekday names only in running text ("Sun", "Wed" are mostly something else)
    wd = "|".join(n for n in _r._WEEKDAY_NAMES)
    mod_ = rf"(?:(?:{mod})[\s-]+)?"
    rel = r"(?:(?:last|this|next|past|previous|coming)\s+)?"
    en = [
        r"\d{4}-\d{2}-\d{2}",
        rf"(?:(?:{wd})\.?,?\s+)?(?:{mon})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*(?:1[89]|20)\d\d)?",
        rf"(?:(?:{wd})\.?,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{mon})\.?(?:,?\s*(?:1[89]|20)\d\d)?",
        rf"{mod_}(?:{mon})\.?,?\s+(?:of\s+)?(?:1[89]|20)\d\d",
        rf"(?:{num})\s+(?:day|week|month|year|decade)s?\s+(?:ago|earlier)",
        rf"(?:the\s+)?(?:past|last|previous|next|coming)\s+(?:(?:{num})\s+)?(?:days|weeks|months|years|decades)",
        r"(?:the\s+)?(?:past|last|previous|next|coming)\s+(?:day|week|month|year)\b(?=\s*(?:,|\.|$|and|or))",
        r"recent\s+(?:days|weeks|months|years)",
        rf"{mod_}(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|overnight|this\s+(?:{part}))(?:\s+(?:{part}))?",
        rf"{mod_}(?:on\s+)?{rel}(?:{wd})(?:\s+(?:{part}))?",
        r"(?:(?:last|this|next|past|previous|coming)\s+|(?:the\s+)?(?:(?:"
        + mod
        + r")[\s-]+(?:the\s+|this\s+|last\s+|next\s+)?))(?:week|weekend|month|year)\b",
        r"(?:over\s+|during\s+)?the\s+weekend\b",
        r"(?:earlier|later)\s+this\s+(?:week|month|year)",
        rf"{mod_}(?:last|this|next|past)\s+(?:{mon}|spring|summer|autumn|fall|winter)\b",
        rf"(?:{mod})[\s-]+(?:{mon})\b",
        rf"in\s+(?:{mon})\b",
        r"(?:in|by|since|during|until)\s+(?:1[89]|20)\d\d\b",
        rf"{mod_}(?:1[89]|20)\d\d(?=\s*(?:,|\.|$))",
        # day counts told from the story's previous act ("a day later"): `story_days`
        *story_days.FINDER_PATTERNS,
    ]
    ar_names = sorted(
        {_r._ar_norm(k) for k in list(_r._MONTHS_AR) + list(_r._WEEKDAYS_AR)}, key=len, reverse=True
    )
    ar_name = "|".join(_ar_flex(k) for k in ar_names)
    ar_rel = "|".join(
        _ar_flex(_r._ar_norm(w))
        for w in ("الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "القادمة")
    )
    d = r"[0-9٠-٩]"
    ar = [
        rf"(?:{d}{{1,2}}\s+)?(?:{ar_name})(?:\s*[،,]?\s*{d}{{4}})?(?:\s+(?:{ar_rel}))?",
        "|".join(
            _ar_flex(_r._ar_norm(w))
            for w in (
                "الأسبوع الماضي",
                "الشهر الماضي",
                "العام الماضي",
                "السنة الماضية",
                "أمس",
                "البارحة",
            )
        ),
    ]
    en_rx = "|".join(f"(?:{p})" for p in en)
    ar_rx = "|".join(f"(?:{p})" for p in ar)
    return re.compile(
        rf"(?<![\w])(?:{en_rx})(?![\w])|(?<![\u0621-\u064a])(?:{ar_rx})(?![\u0621-\u064a])",
        re.IGNORECASE,
    )


_FINDER = _build_finder()


def find_time_expressions(text: str) -> list[tuple[int, int]]:
    """(start, end) of time expressions found by our own patterns, left to right."""
    return list(_time_expressions(text))


# the stage asks for a sentence's expressions once per mention in it, twice (date_for and
# story_days), and once more for the narrative: kept by text (a pure function of it)
@functools.lru_cache(maxsize=4096)
def _time_expressions(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in _FINDER.finditer(text):
        s, e = m.span()
        chunk = text[s:e]
        # "may" as a month only with a day or year next to it (it is mostly the verb)
        if re.fullmatch(r"(?i)(?:(?:in|early|late|mid)\s+)?may", chunk.strip()):
            continue
        if chunk.strip():
            spans.append((s, e))
    return tuple(spans)


# --- tense --------------------------------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|won't|going to|scheduled|set to|due to|plans? to|planned|planning to|"
    r"expected to|to be held|upcoming|would begin|is to|are to)\b|سوف|سي[a-zء-ي]",
    re.IGNORECASE,
)
_PAST_BREAK = re.compile(r"\b(?:said|says|told|announced|added|reported|was|were)\b", re.IGNORECASE)
_PRESENT_CUE = re.compile(r"\b(?:is|are|am|can|do|does|'s|'re)\b", re.IGNORECASE)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|\w+ed)\b", re.IGNORECASE)


def guess_tense(text: str, start: int, end: int) -> str:
    """Tense of the reporting around the expression text[start:end] (a sentence, usually).

    "future" when a future cue ("will", "scheduled to") stands before it in the same clause with no
    reporting verb in between; "present" when a present-tense auxiliary does; else "past".
    """
    window = text[max(0, start - 60) : start]
    window = re.split(r"[;.!?]", window)[-1]
    m = None
    for m in _FUTURE_CUE.finditer(window):  # noqa: B007 (the last match is wanted)
        pass
    if m is not None and not _PAST_BREAK.search(window[m.end() :]):
        return "future"
    after = text[end : end + 25]
    if re.match(r"\s*(?:,\s*)?(?:will|is scheduled|is set|is due)\b", after, re.IGNORECASE):
        return "future"
    near = window[-30:]
    if _PRESENT_CUE.search(near) and not _PAST_CUE.search(near):
        return "present"
    return "past"


# --- TIMEX3-style values (for the dates eval) ------------------------------------------------

_SEASON_CODE = re.compile(r"\((SP|SU|FA|WI|Q[1-4])\) (\d{4})")
_DECADE_CODE = re.compile(r"decade \((\d{3})\)")


def to_timex(ref: TimeRef) -> str | None:
    """The TIMEX3 `value` a resolved TimeRef stands for ("2013-03-21", "2013-W12", "2013-03",
    "2013", "2012-SU", "PRESENT_REF"); None when unresolved or a span TIMEX3 calls a DURATION."""
    if ref.reason.startswith("present reference"):
        return "PRESENT_REF"
    if ref.reason.startswith("past reference"):
        return "PAST_REF"
    if ref.reason.startswith("future reference"):
        return "FUTURE_REF"
    if ref.type == "unresolved" or not ref.value:
        return None
    d = dt.date.fromisoformat(ref.value)
    if ref.type == "range":
        if m := _SEASON_CODE.search(ref.reason):
            return f"{m[2]}-{m[1]}"
        if m := _DECADE_CODE.search(ref.reason):
            return m[1]
        if "weekend" in ref.reason:
            iso = d.isocalendar()
            return f"{iso.year}-W{iso.week:02d}-WE"
        return None
    if ref.granularity == "week":
        iso = d.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if ref.granularity == "month":
        return ref.value[:7]
    if ref.granularity == "year":
        return ref.value[:4]
    return ref.value


# --- the stage ----------------------------------------------------------------------------------

_PUB = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_FULL_DATE = re.compile(
    rf"\b(?:(?:{_r._MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)|\d{{1,2}}\s+(?:{_r._MON})\.?,?\s+((?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_GRAN_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


_AFTER = re.compile(r"\s+after\b")


def _counted_back(doc: Document, mention: EventMention, text: str, end: int | None) -> bool:
    """ "His comments come two days after Erdogan denounced Israel": a duration before "after"
    counts back from the clause it hangs on (told as of the story) to the act after "after",
    the mention's own: that act was two days ago. A bare duration is otherwise no date."""
    return (
        end is not None
        and _r.is_duration(text)
        and _AFTER.match(doc.text, end) is not None
        and mention.trigger.start > end
    )


@dataclass
class _Anchor:
    date: dt.date | None  # None: no usable date at all
    granularity: str = "day"
    year_known: bool = True
    year_evidence: str | None = None  # for an inferred year: the text it came from
    label: str = ""  # how the publication date is written in reasons


def _anchor(doc: Document) -> _Anchor:
    pub: PubDate | None = doc.published
    if pub is None or not pub.value:
        return _Anchor(None, label="none")
    m = _PUB.match(pub.value.strip())
    if not m:
        return _Anchor(None, label="none")
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        return _Anchor(None, label="none")
    gran = pub.granularity if pub.granularity in _GRAN_ORDER else "day"
    if pub.year_known:
        return _Anchor(date, gran, True, label=date.isoformat())
    label = f"--{mo:02d}-{d:02d}" if gran == "day" else f"--{mo:02d}"
    # the year only from a full date written in the text; the latest one
    years = [(int(x.group(1) or x.group(2)), x.group(0)) for x in _FULL_DATE.finditer(doc.text)]
    if not years:
        return _Anchor(None, gran, False, label=label)
    year, ev = max(years)
    try:
        date = dt.date(year, mo, d)
    except ValueError:
        date = dt.date(year, mo, 28)
    return _Anchor(date, gran, False, year_evidence=ev, label=label)


def _period_end(d: dt.date, granularity: str) -> dt.date:
    if granularity == "year":
        return dt.date(d.year, 12, 31)
    if granularity == "month":
        return _r._month_shift(d, 1) - dt.timedelta(days=1)
    return d


class WhenStage:
    """Sets `mention.date` for each event mention (see the module docstring for the cascade)."""

    name = "when"
    requires: tuple[str, ...] = ("text", "published", "mentions")
    provides: tuple[str, ...] = ("mentions.date",)

    def __call__(self, doc: Document) -> Document:
        if not doc.mentions:
            return doc
        anchor = _anchor(doc)
        for mention in doc.mentions:
            mention.date = self.date_for(doc, mention, anchor)
        if anchor.date is not None and anchor.year_known:
            # "One day earlier, ...": counted from the previous sentence's act, not publication
            limit = _period_end(anchor.date, anchor.granularity)
            story_days.redate(doc, lambda m: self._candidates(doc, m), limit)
            # "One afternoon in 2017 ... They never reached ...": the story's past told on
            narrative.carry(
                doc, lambda t: [t[a:b] for a, b in find_time_expressions(t)], anchor.date
            )
        # "In past tensions, Ankara has threatened": undated, but told as before the story's time
        background.mark_background(doc)
        if doc.published is not None and not doc.published.year_known:
            doc.meta["when"] = {
                "publication_year_known": False,
                "year_inferred_from": anchor.year_evidence,
            }
        return doc

    # one mention
    def date_for(
        self, doc: Document, mention: EventMention, anchor: _Anchor | None = None
    ) -> TimeRef:
        anchor = anchor or _anchor(doc)
        skipped: list[str] = []
        for text, start, end in self._candidates(doc, mention):
            ref = self._resolve_one(doc, mention, text, start, end, anchor, skipped)
            if ref is not None:
                ref.text, ref.start, ref.end = text, start, end
                return ref
        return self._fallback(anchor, skipped)

    def _candidates(
        self, doc: Document, mention: EventMention
    ) -> list[tuple[str, int | None, int | None]]:
        out: list[tuple[str, int | None, int | None]] = []
        t = mention.time
        if t is not None and t.reason == NO_OWN_DATE:
            return out
        if t is not None and t.text:
            out.append((t.text, t.start, t.end))
        ev = mention.evidence
        lo, hi = ev.start, ev.end
        spans: set[tuple[int, int]] = set()
        for ent in doc.entities:
            if ent.label in ("DATE", "TIME") and lo <= ent.start and ent.end <= hi:
                spans.add((ent.start, ent.end))
        sent = doc.text[lo:hi]
        for s, e in find_time_expressions(sent):
            spans.add((lo + s, lo + e))
        trig = (mention.trigger.start + mention.trigger.end) / 2
        for s, e in sorted(spans, key=lambda se: (abs((se[0] + se[1]) / 2 - trig), se[0])):
            if t is not None and t.start == s and t.end == e:
                continue
            out.append((doc.text[s:e], s, e))
        return out

    def _tense(
        self, doc: Document, mention: EventMention, start: int | None, end: int | None
    ) -> str:
        if mention.modality == "planned":
            return "future"
        if start is None or end is None:
            return "past"
        lo = max(mention.evidence.start, start - 80)
        sent = doc.text[lo : min(mention.evidence.end, end + 30)]
        t = guess_tense(sent, start - lo, end - lo)
        return "past" if t == "present" else t

    def _resolve_one(
        self,
        doc: Document,
        mention: EventMention,
        text: str,
        start: int | None,
        end: int | None,
        anchor: _Anchor,
        skipped: list[str],
    ) -> TimeRef | None:
        tense = self._tense(doc, mention, start, end)
        if _counted_back(doc, mention, text, end):
            text = f"{text} ago"
        absolute = resolve(text, None)
        if absolute.type != "unresolved":
            ref = absolute
        elif anchor.date is None:
            if anchor.label == "none":
                skipped.append(f"'{text}' is relative and there is no publication date")
            else:
                skipped.append(
                    f"'{text}' is relative and the publication date {anchor.label} has no year"
                    " (none found in the text)"
                )
            return None
        else:
            ref = resolve(text, anchor.date, tense)
            if ref.type == "unresolved":
                skipped.append(ref.reason)
                return None
            if not anchor.year_known:
                if ref.type == "exact":
                    ref.type = "approximate"
                ref.reason += (
                    f"; the publication date {anchor.label} has no year: {anchor.date.year}"
                    f" inferred from '{anchor.year_evidence}' in the text"
                )
            if _GRAN_ORDER[anchor.granularity] > _GRAN_ORDER.get(ref.granularity, 0):
                # "Friday" against a publication month/year: only that period is known
                ref.value, ref.end_value = anchor.date.isoformat(), None
                ref.granularity = anchor.granularity
                if ref.type in ("exact", "range"):
                    ref.type = "approximate"
                ref.reason += f"; publication date known to the {anchor.granularity} only"
        if tense != "future" and anchor.date is not None and anchor.year_known and ref.value:
            limit = _period_end(anchor.date, anchor.granularity).isoformat()
            if ref.value > limit:
                skipped.append(f"'{text}' ({ref.value}) is after the publication date {limit}")
                return None
            if ref.end_value and ref.end_value > limit:
                ref.end_value = limit
        return ref

    def _fallback(self, anchor: _Anchor, skipped: list[str]) -> TimeRef:
        note = ("; " + "; ".join(skipped)) if skipped else ""
        if anchor.date is None:
            why = (
                "no publication date"
                if anchor.label == "none"
                else f"publication date {anchor.label} has no year and the text gives none"
            )
            return TimeRef(
                type="unresolved",
                granularity="day",
                reason=f"no usable time expression and {why}{note}",
            )
        gran = "week" if _GRAN_ORDER[anchor.granularity] < 1 else anchor.granularity
        reason = f"no time expression for the event: publication date {anchor.date.isoformat()}, widened to the {gran}"
        if not anchor.year_known:
            reason += f" (year inferred from '{anchor.year_evidence}')"
        return TimeRef(
            value=anchor.date.isoformat(),
            granularity=gran,
            type="approximate",
            reason=reason + note,
        )
