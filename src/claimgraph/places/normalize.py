"""Name keys for gazetteer lookup.

In: a place name in any script. Out: `norm(name)`, the exact-match key (ASCII, lower case,
punctuation folded; Arabic script kept, folded by `text.normalize_arabic`), and
`skeleton(key)`, a loose key (articles, vowels, doubled letters dropped) used only to generate
fuzzy candidates when no exact key matches ("Dayr az Zawr" ~ "Deir ez-Zor").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from claimgraph.text import ARABIC_SCRIPT, has_arabic, normalize_arabic

__all__ = ["norm", "skeleton", "is_arabic", "usable_script"]

_AR_CHAR = re.compile(f"[{ARABIC_SCRIPT}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOS = re.compile(r"['`’‘ʼʻʿʾ´]")
# abbreviations folded so that "St. Louis" and "Saint Louis" share a key
_TOKEN_MAP = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "az ", "at ", "the ", "ath ", "adh ")


def is_arabic(s: str) -> bool:
    return has_arabic(s)


def usable_script(s: str) -> bool:
    """True for names in Latin or Arabic script (others add noise without helping English text)."""
    for ch in s:
        if (
            ch.isalpha()
            and ord(ch) > 0x024F
            and not _AR_CHAR.match(ch)
            and not (0x1E00 <= ord(ch) <= 0x1EFF)
        ):
            return False
    return True


# the scan normalises every capitalised n-gram of a document; names recur across documents
@functools.lru_cache(maxsize=65_536)
def norm(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).strip()
    if is_arabic(s):
        s = normalize_arabic(s)
        return " ".join(re.sub(r"[^\w]+", " ", s).split())
    s = _APOS.sub("", s)
    s = anyascii(s).lower()
    s = s.replace("'", "").replace("`", "")
    toks = _NON_ALNUM.sub(" ", s).split()
    return " ".join(_TOKEN_MAP.get(t, t) for t in toks)


def skeleton(key: str) -> str:
    """Loose key of a `norm` key: no articles, no spaces, no vowels after the first letter."""
    if not key or is_arabic(key):
        return ""
    s = " " + key + " "
    for art in _ARTICLES:
        s = s.replace(" " + art, " ")
    s = s.replace(" ", "")
    if not s:
        return ""
    s = s.replace("q", "k").replace("ph", "f").replace("kh", "k").replace("sh", "s")
    head, tail = s[0], re.sub(r"[aeiouyhw]", "", s[1:])
    s = re.sub(r"(.)\1+", r"\1", head + tail)
    return s
