"""Casualty and arrest counts in a sentence ("at least 10 killed", "two to five wounded"), with
low/best/high; crowd sizes and other numbers are not counts of the dead.
"""

from __future__ import annotations

import re


_NUMWORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12, "dozens": 24, "scores": 40,
    "hundreds": 200, "thousands": 2000, "a hundred": 100, "a": 1, "an": 1,
}  # fmt: skip
_NUM = r"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million))?|a dozen|a hundred|" + "|".join(
    sorted((k for k in _NUMWORDS if " " not in k and k not in ("a", "an")), key=len, reverse=True)
) + ")"
_QUAL = r"(?:at least|more than|over|about|around|nearly|almost|some|up to|approximately|roughly|as many as|an estimated|fewer than|less than|at most)"
_KIND = {
    "dead": r"(?:killed|dead|died|deaths?|slain|lost their lives|massacred|executed|fatalities|bodies)",
    "injured": r"(?:wounded|injured|hurt|injuries|casualties)",
    "arrested": r"(?:arrested|detained|captured|rounded up|taken into custody|jailed|abducted|kidnapped)",
}
_VERB_FIRST = {
    "dead": r"(?:killing|killed|kills|kill|claimed the lives of|death toll (?:rose to|reached|climbed to|stood at|of|is|was|at))",
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
    x = _num(a)
    if x is None:
        return None
    if b:
        y = _num(b)
        if y is not None and y >= x:
            return {"low": x, "best": None, "high": y}
    q = (qual or "").lower()
    if q in ("at least", "more than", "over", "as many as") and q != "as many as":
        return {"low": x + (1 if q in ("more than", "over") else 0), "best": None, "high": None}
    if q in ("up to", "nearly", "almost", "fewer than", "less than", "at most", "as many as"):
        return {"low": None, "best": None, "high": x}
    if q in ("about", "around", "some", "approximately", "roughly", "an estimated"):
        return {"low": None, "best": x, "high": None}
    if a.strip().lower() in ("dozens", "scores", "hundreds", "thousands"):
        return {"low": x, "best": None, "high": None}
    return {"low": x, "best": x, "high": x}


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
            rf"[A-Za-z\-]+)\s+){{0,3}}(?:(?:were|was|have been|had been|are|reportedly|been|"
            rf"being|also)\s+)*{_KIND[kind]}\b",
            re.I,
        )
        for m in pat.finditer(text):
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
        pat2 = re.compile(
            rf"\b{_VERB_FIRST[kind]}\s+(?:({_QUAL})\s+)?({_NUM})(?:\s*(?:to|-)\s*({_NUM}))?\b"
            rf"(?!\s*(?:years?|months?|days?|hours?|km|kilometers|miles|%|percent))",
            re.I,
        )
        for m in pat2.finditer(text):
            if m.group(2).lower() in ("a", "an"):
                continue
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
    return out
