"""Name keys for gazetteer lookup.

In: a place name in any script. Out: `norm(name)`, the exact-match key (ASCII, lower case,
punctuation folded; Arabic script kept, folded by `text.normalize_arabic`), and
`skeleton(key)`, a loose key (articles, vowels, doubled letters dropped) used only to generate
fuzzy candidates when no exact key matches ("Dayr az Zawr" ~ "Deir ez-Zor").
`norm_many` and `skeleton_many` give the same keys for a list of names (the gazetteer build's
1.4M), with each step run once over the names joined by newlines instead of once per name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from claimgraph.text import ARABIC_SCRIPT, has_arabic, normalize_arabic

__all__ = ["norm", "norm_many", "skeleton", "skeleton_many", "is_arabic", "usable_script"]

_AR_CHAR = re.compile(f"[{ARABIC_SCRIPT}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOS = re.compile(r"['`’‘ʼʻʿʾ´]")
# abbreviations folded so that "St. Louis" and "Saint Louis" share a key
_TOKEN_MAP = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "az ", "at ", "the ", "ath ", "adh ")


def is_arabic(s: str) -> bool:
    return has_arabic(s)


# the characters `usable_script` must look at: beyond Latin Extended-B, outside Latin Extended
# Additional and the Arabic blocks (a regex finds them; most names have none)
_FOREIGN = re.compile(f"[^\\x00-\u024f\u1e00-\u1eff{ARABIC_SCRIPT}]")


def usable_script(s: str) -> bool:
    """True for names in Latin or Arabic script (others add noise without helping English text):
    no letter outside those blocks."""
    return s.isascii() or not any(ch.isalpha() for ch in _FOREIGN.findall(s))


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


# -- batches: the same keys, each step over all names at once ----------------------------------
# The names are joined by "\n", which none of the steps can merge with a neighbour (no pattern
# matches it, NFKC composes nothing with it, transliteration maps nothing to it). A name with a
# character that could break that, or whose script NFKC changes (Arabic or not decides the
# path), takes the one-name path.
_SEP = "\n"
_NON_ALNUM_NL = re.compile(r"[^a-z0-9\n]+")
_NON_WORD_NL = re.compile(r"[^\w\n]+")
_MAPPED_TOKEN = re.compile(r"\b(?:" + "|".join(_TOKEN_MAP) + r")\b")
_INNER_VOWEL = re.compile(r"(?<=[^\n])[aeiouyhw]")
_RUN = re.compile(r"(.)\1+")


def _one_name_only(ch: str) -> bool:
    """A character that sends its name down `norm` itself (see above)."""
    if ch == _SEP or (ch.isspace() and not ch.isascii()):
        return True
    folded = unicodedata.normalize("NFKC", ch)
    return _SEP in folded or has_arabic(folded) != has_arabic(ch) or _SEP in anyascii(folded)


def norm_many(names: list[str]) -> list[str]:
    """`[norm(n) for n in names]`: the ASCII names, the other Latin-script ones and the Arabic
    ones each in one pass over them joined; the rare name `_one_name_only` flags by `norm`."""
    chars = set().union(*(n for n in names if not n.isascii())) if names else set()
    odd = {ch for ch in chars if _one_name_only(ch)} | {_SEP}
    odd_re = re.compile("[" + "".join(re.escape(c) for c in sorted(odd)) + "]")
    out = [""] * len(names)
    plain: list[int] = []
    latin: list[int] = []
    arabic: list[int] = []
    for i, n in enumerate(names):
        if n.isascii() and _SEP not in n:
            plain.append(i)
        elif odd_re.search(n):
            out[i] = norm(n)
        elif is_arabic(n):
            arabic.append(i)
        else:
            latin.append(i)
    # the Latin names made ASCII first, so that the rest is one pass over all of them
    ascii_idx = plain + latin
    texts = [names[i] for i in plain] + _latin_to_ascii([names[i] for i in latin])
    for idx, part, keys in (
        (ascii_idx, texts, _ascii_keys(texts)),
        (arabic, [names[i] for i in arabic], _arabic_keys([names[i] for i in arabic])),
    ):
        if len(keys) != len(part):  # pragma: no cover - a separator made or lost
            keys = [norm(n) for n in part]
        for i, k in zip(idx, keys):
            out[i] = k
    return out


def _latin_to_ascii(names: list[str]) -> list[str]:
    """`norm`'s Latin path up to the transliteration (NFKC, apostrophes dropped), names joined."""
    if not names:
        return []
    s = _APOS.sub("", unicodedata.normalize("NFKC", _SEP.join(names)))
    # transliteration is character by character: one table for the characters present
    s = s.translate({ord(ch): anyascii(ch) for ch in set(s) if ord(ch) > 0x7F})
    return s.split(_SEP)


def _ascii_keys(texts: list[str]) -> list[str]:
    """`norm`'s Latin path from the transliterated text on, over ASCII texts joined."""
    if not texts:
        return []
    s = _SEP.join(texts).lower().replace("'", "").replace("`", "")
    s = _trim_segments(_NON_ALNUM_NL.sub(" ", s))
    return _MAPPED_TOKEN.sub(lambda m: _TOKEN_MAP[m.group(0)], s).split(_SEP)


def _arabic_keys(names: list[str]) -> list[str]:
    """`norm`'s Arabic path over the names joined by newlines."""
    if not names:
        return []
    s = normalize_arabic(unicodedata.normalize("NFKC", _SEP.join(names)))
    return _trim_segments(_NON_WORD_NL.sub(" ", s)).split(_SEP)


def _trim_segments(s: str) -> str:
    """No space at either end of a joined name; runs of separators are one space already."""
    return s.replace(" " + _SEP, _SEP).replace(_SEP + " ", _SEP).strip(" ")


def skeleton_many(keys: list[str]) -> list[str]:
    """`[skeleton(k) for k in keys]` for `norm` keys, the Latin ones (ASCII) in one pass."""
    out = [""] * len(keys)
    fast: list[int] = []
    for i, k in enumerate(keys):
        if k.isascii() and _SEP not in k:
            fast.append(i)
        else:
            out[i] = skeleton(k)
    part = [keys[i] for i in fast]
    skels = _skeleton_joined(part) if part else []
    if len(skels) != len(part):  # pragma: no cover
        skels = [skeleton(k) for k in part]
    for i, sk in zip(fast, skels):
        out[i] = sk
    return out


def _skeleton_joined(keys: list[str]) -> list[str]:
    """`skeleton`'s steps over " key " segments joined by newlines: no step matches across one."""
    s = " " + " \n ".join(keys) + " "
    for art in _ARTICLES:
        s = s.replace(" " + art, " ")
    s = s.replace(" ", "")
    s = s.replace("q", "k").replace("ph", "f").replace("kh", "k").replace("sh", "s")
    return _RUN.sub(r"\1", _INNER_VOWEL.sub("", s)).split(_SEP)
