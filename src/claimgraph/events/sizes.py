"""Casualty and arrest counts in a sentence ("at least 10 killed", "two to five wounded"), with
low/best/high; crowd sizes and other numbers are not counts of the dead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimgraph.text import DIGITS, has_arabic

_NUMWORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20,
    "hundreds": 100, "thousands": 1000, "a hundred": 100, "a": 1, "an": 1, "both": 2,
}  # fmt: skip
_NUM = (
    r"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million))?|a dozen|a hundred|"
    + "|".join(
        sorted(
            (k for k in _NUMWORDS if " " not in k and k not in ("a", "an")), key=len, reverse=True
        )
    )
    + ")"
)
_QUAL = r"(?:at least|more than|over|about|around|nearly|almost|some|up to|approximately|roughly|as many as|an estimated|fewer than|less than|at most|all(?: the)?)"
_KIND = {
    "dead": r"(?:killed|dead|died|deaths?|slain|lost their lives|massacred|executed|fatalities|bodies)",
    "injured": r"(?:wounded|injured|hurt|injuries|casualties)",
    "arrested": r"(?:arrested|detained|captured|rounded up|taken into custody|jailed|abducted|kidnapped)",
}
_VERB_FIRST = {
    "dead": r"(?:(?:the )?(?:killing|deaths?) of|killing|killed|kills|kill|claimed the lives of|death toll(?: [\w'\-]+){0,5}? (?:(?:rose|rises|risen|climbed|climbs|jumped|increased|reached|reaches|stood|stands|is|was|has risen|had risen)(?: to| at)?|of|at|to))",
    "injured": r"(?:wounding|wounded|injuring|injured|injure|wound)",
    "arrested": r"(?:arresting|arrested|detaining|detained|rounded up)",
}
_NOUNISH = r"(?:[A-Za-z\-']+\s+){0,3}?"


def _num(s: str) -> int | None:
    s = s.strip().lower()
    mult = 1
    if s.endswith(" thousand"):
        mult, s = 1000, s[: -len(" thousand")]
    elif s.endswith(" million"):
        mult, s = 1_000_000, s[: -len(" million")]
    if s in _NUMWORDS:
        return _NUMWORDS[s] * mult
    try:
        return int(float(s.replace(",", "")) * mult)
    except ValueError:
        return None


def _count(qual: str | None, a: str, b: str | None) -> dict[str, int | None] | None:
    """low/best/high of "at least 5", "15 to 20", "nearly 400", "dozens". `best` is always the
    stated number (the lower one of a range), as ACLED codes it: "at least 5" is 5 dead."""
    x = _num(a)
    if x is None:
        return None
    if b:
        y = _num(b)
        if y is not None and y >= x:
            return {"low": x, "best": x, "high": y}
    q = (qual or "").lower()
    if q in ("at least", "more than", "over"):
        # "more than 60": best is the stated 60, and low never exceeds best (ACLED codes 60)
        return {"low": x, "best": x, "high": None}
    if q in ("up to", "nearly", "almost", "fewer than", "less than", "at most", "as many as"):
        return {"low": None, "best": x, "high": x}
    if q in ("about", "around", "some", "approximately", "roughly", "an estimated"):
        return {"low": None, "best": x, "high": None}
    if a.strip().lower() in ("dozens", "scores", "hundreds", "thousands"):
        return {"low": x, "best": x, "high": None}
    return {"low": x, "best": x, "high": x}


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|of|from|by|until|till|before|after|between|early|late|mid)\s*$", re.I
)


def _is_year(text: str, start: int, end: int) -> bool:
    """ "Since 2009, hundreds were killed": a year is never a count of people."""
    raw = text[start:end].rstrip(",")
    if not _YEAR.fullmatch(raw):
        return False
    end = start + len(raw)
    return text[end : end + 1] in (",", ")", "") or bool(_YEAR_BEFORE.search(text[:start]))


def _matches(pat: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches whose number (group 2) is not a year; after a year, the search resumes right
    behind it, so "Since 2009, hundreds were killed" still finds "hundreds"."""
    pos = 0
    while (m := pat.search(text, pos)) is not None:
        if _is_year(text, m.start(2), m.end(2)):
            pos = m.start(2) + 1
            continue
        yield m
        pos = m.end()


# "killing Alloush and five other senior leaders": the named one plus the others
_NAMED_AND_OTHERS = {
    "dead": re.compile(
        rf"\b(?:killing|killed|kills|kill)\s+(?:[A-Z][\w'\-]*\s+){{1,4}}and\s+({_NUM})\s+"
        rf"(?:[A-Za-z\-]+\s+){{0,2}}?(?:other|others|more)\b",
    ),
}

# Arabic: digits in either script, a few number words, the usual casualty nouns and verbs
_AR_NUMWORDS = {
    "واحد": 1, "اثنين": 2, "اثنان": 2, "ثلاثة": 3, "ثلاث": 3, "اربعة": 4, "أربعة": 4, "أربع": 4,
    "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8,
    "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10, "عشرات": 12, "مئات": 100, "آلاف": 1000,
}  # fmt: skip
_AR_NUM = r"(\d[\d,،]*|" + "|".join(sorted(_AR_NUMWORDS, key=len, reverse=True)) + ")"
_AR_KIND = {
    "dead": (
        r"(?:قتلى|قتيلا|قتيلاً|قتيل|شهداء|شهيدا|شهيداً|وفيات)",
        r"(?:مقتل|قتل|استشهاد|مصرع|وفاة)",
    ),
    "injured": (r"(?:جرحى|جريحا|جريحاً|مصابين|إصابات)", r"(?:إصابة|اصابة|جرح)"),
    "arrested": (r"(?:معتقلين|موقوفين|محتجزين)", r"(?:اعتقال|توقيف|احتجاز|اختطاف)"),
}


def _arabic_sizes(text: str) -> list[tuple[str, dict[str, int | None], int]]:
    t = text.translate(DIGITS)
    out: list[tuple[str, dict[str, int | None], int]] = []
    for kind, (noun, verb) in _AR_KIND.items():
        for pat in (rf"{_AR_NUM}\s+(?:\S+\s+)?{noun}", rf"{verb}\s+(?:نحو\s+|حوالي\s+)?{_AR_NUM}"):
            for m in re.finditer(pat, t):
                raw = m.group(1).replace(",", "").replace("،", "")
                n = _AR_NUMWORDS.get(raw) if not raw[:1].isdigit() else int(raw)
                if n is None or _is_year(t, m.start(1), m.end(1)):
                    continue
                out.append((kind, {"low": n, "best": n, "high": n}, m.start(1)))
                break
    return out


def sizes(text: str) -> list[tuple[str, dict[str, int | None], int]]:
    """(kind, count, char offset) found in a sentence's text; ranges and hedged numbers kept."""
    out: list[tuple[str, dict[str, int | None], int]] = []
    seen: set[tuple[str, int]] = set()
    for kind in ("dead", "injured", "arrested"):
        # "at least 10 people were killed", "10 dead", "about 15 to 20 civilians died"
        pat = re.compile(
            rf"(?<![\w,])(?:({_QUAL})\s+)?({_NUM})(?:\s*(?:to|-|and|or)\s*({_NUM}))?\s+"
            rf"(?:(?:other|more|people|persons|civilians|soldiers|troops|policemen|police|"
            rf"officers|militants|fighters|rebels|children|women|men|protesters|members|"
            rf"(?!(?:and|or|but|while|then)\b)[A-Za-z\-]+)\s+){{0,3}}(?:(?:were|was|have been|had been|are|reportedly|been|"
            rf"being|also)\s+)*{_KIND[kind]}\b",
            re.I,
        )
        for m in _matches(pat, text):
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
        pat2 = re.compile(
            rf"\b{_VERB_FIRST[kind]}\s+(?:({_QUAL})\s+)?({_NUM})(?:\s*(?:to|-)\s*({_NUM}))?\b"
            rf"(?!\s*(?:years?|months?|days?|hours?|km|kilometers|miles|%|percent))",
            re.I,
        )
        for m in _matches(pat2, text):
            if m.group(2).lower() in ("a", "an"):
                continue
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
    for kind, pat3 in _NAMED_AND_OTHERS.items():
        for m in pat3.finditer(text):
            x = _num(m.group(1))
            if x is not None and not any(k == kind for k, _, _ in out):
                out.append((kind, {"low": x + 1, "best": x + 1, "high": x + 1}, m.start(1)))
    if has_arabic(text):
        out.extend(_arabic_sizes(text))
    return out
