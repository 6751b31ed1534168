"""Name keys for actor matching: one name in, comparable keys out.

Three levels, tried in this order by the registry:

1. `exact_key`  case-folded, punctuation and whitespace collapsed, a leading "the" dropped.
2. `translit_key`  for Latin-script renderings of Arabic (and other) names: diacritics removed
   (anyascii), `al-`/`el-`/`ad-`/... articles dropped, ou->u, kh->h, ch->sh, dh->d, ay/ai/ei->ai,
   q->k, doubled letters collapsed: "Zahran Allouch" and "Zahran Alloush" share one key, as do
   "Jaysh al-Islam" and "Jaish al Islam".
3. `skeleton_key`  the translit key without inner vowels (Mohammed/Muhammad/Mohamad).

Arabic script goes through `arabic_norm` (diacritics, tatweel, alef/hamza forms, ta marbuta,
alef maqsura) and `arabic_key` (also drops the article "ال" and the conjunction/preposition
proclitics و ب ل ف ك when the rest is a word).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from claimgraph.text import has_arabic, normalize_arabic

__all__ = [
    "exact_key",
    "translit_key",
    "skeleton_key",
    "arabic_norm",
    "arabic_key",
    "has_arabic",
    "keys",
]

_APOS = re.compile(r"[’‘`´ʼʻʿʾ']")
_NONWORD = re.compile(r"[^\w]+")
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh"})
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "he", "sheikh", "shaykh", "sir", "gen", "general", "col", "lt",
     "maj", "major", "brig", "capt", "president", "prime", "minister"}
)  # fmt: skip
# ordered: longer patterns first so that "ou" is seen before "o"
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("kh", "h"), ("gh", "g"), ("ch", "sh"),
    ("dh", "d"), ("th", "t"), ("ph", "f"), ("ay", "ai"), ("ey", "ai"), ("ei", "ai"),
    ("aa", "a"), ("q", "k"), ("ck", "k"), ("w", "u"), ("y", "i"), ("e", "a"), ("o", "u"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS_INNER = re.compile(r"(?<=\w)[aeiou]")


_POSSESSIVE = re.compile(r"(?<=\w)[’'‘]s\b")


def _fold(text: str) -> str:
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text))
    text = _APOS.sub("", text)
    return text.casefold()


# the scans key every capitalised n-gram of a document, and the same names recur across documents
@functools.lru_cache(maxsize=65_536)
def exact_key(name: str) -> str:
    """Case/punctuation-insensitive key; keeps letters as written (after NFKC)."""
    if has_arabic(name):
        return arabic_key(name)
    words = [w for w in _NONWORD.split(_fold(name).replace("_", " ")) if w]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=200_000)
def _translit_word(word: str) -> str:
    for a, b in _TRANSLIT_RULES:
        word = word.replace(a, b)
    return _DOUBLE.sub(r"\1", word)


@functools.lru_cache(maxsize=65_536)
def translit_key(name: str) -> str:
    """Transliteration-insensitive key for Latin-script renderings of Arabic names."""
    if has_arabic(name):
        return arabic_key(name)
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", name))
    text = anyascii(_APOS.sub("", text)).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    # drop the Arabic article written apart ("al Islam") or glued by a hyphen ("al-Islam")
    out = []
    for w in words:
        if w in _ARTICLES and len(words) > 1:
            continue
        out.append(_translit_word(w))
    return " ".join(out)


def skeleton_key(name: str, key: str | None = None) -> str:
    """Translit key without inner vowels: a loose key, used only when the others miss."""
    key = translit_key(name) if key is None else key
    if has_arabic(key):
        return key
    return " ".join(_DOUBLE.sub(r"\1", _VOWELS_INNER.sub("", w)) for w in key.split())


def strip_honorifics(name: str) -> str:
    """'Gen. Joseph L. Votel' -> 'Joseph L. Votel' (titles only at the start)."""
    words = name.split()
    while len(words) > 1 and _NONWORD.sub("", words[0].lower()) in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def arabic_norm(text: str) -> str:
    """Orthographic normalisation of Arabic script (keeps words and spaces).

    `text.normalize_arabic`, and a bare hamza dropped: names are keyed with and without it
    ("الاعتداء", "الاعتدا") by writers, and a key only has to match, not to be read.
    """
    text = normalize_arabic(text).replace("ء", "")
    text = text.replace("_", " ")
    return " ".join(text.split())


_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال")
_SINGLE_PROCLITICS = ("و", "ب", "ل", "ف", "ك")


def arabic_word_key(word: str) -> str:
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            return word[len(p) :]
    return word


def arabic_key(name: str) -> str:
    """Normalised Arabic with the article dropped from each word."""
    words = re.findall(r"\w+", arabic_norm(name))
    return " ".join(arabic_word_key(w) for w in words)


def arabic_token_variants(word: str) -> list[str]:
    """Keys a running-text token may have: as is, and without a one-letter proclitic."""
    w = arabic_norm(word)
    out = [arabic_word_key(w)]
    if len(w) > 3 and w[0] in _SINGLE_PROCLITICS:
        out.append(arabic_word_key(w[1:]))
    return out


def keys(name: str) -> tuple[str, str, str]:
    """(exact, translit, skeleton) keys of a name."""
    return exact_key(name), translit_key(name), skeleton_key(name)
