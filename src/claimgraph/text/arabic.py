"""Arabic script: its Unicode ranges, one orthographic normaliser, Arabic-Indic digits.

In: text in any script. Out: `has_arabic(text)`; `normalize_arabic(text)`, the same text with
what writers vary folded away (NFKC, so presentation forms become letters; harakat, Quranic
marks, superscript alef, tatweel and zero-width joiners/marks dropped; alef forms to bare alef,
alef maqsura and yeh with hamza to yeh, waw with hamza to waw, ta marbuta to heh, Persian kaf
and yeh to Arabic ones); `DIGITS`, a `str.translate` table from Arabic-Indic and Persian digits
to ASCII.

The normaliser is the union of the four it replaced (actors, places, when, events), each of
which folded a subset of these; none of them changes the number of words. Keys built with it
must be built with it everywhere they are compared (the actor registry, the gazetteer, the
lexicons), which holds because there is only this one.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARABIC_BLOCK",
    "ARABIC_LETTERS",
    "ARABIC_SCRIPT",
    "ARABIC_WORD",
    "DIGITS",
    "has_arabic",
    "normalize_arabic",
]

# the basic Arabic block alone: where a range is part of a stored identifier (actor ids are
# slugs over it) widening it would change the identifiers
ARABIC_BLOCK = "\u0600-\u06ff"
# every Arabic-script block: basic, supplement, extended-A, presentation forms A and B
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# the letters hamza .. yeh (no digits, marks or punctuation): word boundaries in Arabic text
ARABIC_LETTERS = "\u0621-\u064a"
# a running-text Arabic word for the event lexicon: letters, Arabic-Indic digits, the extended
# letters up to yeh barree, harakat and tatweel
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3\u064b-\u0652\u0640]+")

_SCRIPT = re.compile(f"[{ARABIC_SCRIPT}]")
# Quranic annotation signs, harakat (fathatan .. the last combining mark), superscript alef,
# small high signs, tatweel, and the zero-width non-joiner/joiner and direction marks
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ک": "ك", "ی": "ي",
    }
)  # fmt: skip

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def has_arabic(text: str) -> bool:
    """True when any character of `text` is in an Arabic-script block."""
    return bool(_SCRIPT.search(text))


def normalize_arabic(text: str) -> str:
    """Fold the orthographic variants of Arabic script; other scripts pass through NFKC only."""
    text = unicodedata.normalize("NFKC", text)
    return _DIACRITICS.sub("", text).translate(_FOLD)
