"""The shared text layer: one Arabic normaliser that folds at least what each of the four it
replaced folded (their definitions are copied here as they stood before issue 15), the script
test, digits and the copyright mark."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.actors.normalize import arabic_norm
from claimgraph.text import COPYRIGHT_MARK, DIGITS, has_arabic, normalize_arabic


def _fold(diacritics: str, pairs: dict[str, str]):
    rx = re.compile(diacritics)
    table = str.maketrans(pairs)
    return lambda s: rx.sub("", s).translate(table)


_ALEF = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
OLD = {
    "when": _fold("[\u064b-\u065f\u0670\u0640]", {**_ALEF, "ى": "ي", "ة": "ه"}),
    "events": _fold(
        "[\u064b-\u0652\u0640\u0670]", {**_ALEF, "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
    ),
    "places": _fold(
        "[\u064b-\u065f\u0670\u0640]", {**_ALEF, "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
    ),
}
_OLD_ACTORS = _fold(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]",
    {
        **_ALEF,
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "ء": "",
    },
)

arabic_text = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0600, 0x0700)] + ["\u200c", "\u200f", "ﻻ", "ﺍ", " ", "a", "1"]
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_the_normaliser_folds_what_each_old_one_folded(s: str) -> None:
    s = unicodedata.normalize("NFKC", s)
    for name, old in OLD.items():
        assert normalize_arabic(old(s)) == normalize_arabic(s), name


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_actor_keys_are_unchanged(s: str) -> None:
    old = " ".join(_OLD_ACTORS(unicodedata.normalize("NFKC", s)).replace("_", " ").split())
    assert arabic_norm(s) == old


def test_normaliser_examples() -> None:
    assert normalize_arabic("إِسْرَائِيلُ") == "اسراييل"
    assert normalize_arabic("مدرسةٌ") == "مدرسه"
    assert normalize_arabic("Kabul") == "Kabul"


def test_script_digits_and_copyright() -> None:
    assert has_arabic("in دمشق") and has_arabic("ﻻ") and not has_arabic("Damascus")
    assert "٢٠١٥ ۱۲".translate(DIGITS) == "2015 12"
    rx = re.compile(COPYRIGHT_MARK, re.I)
    assert all(rx.search(s) for s in ("© 2015", "ⓒ BBC", "(c) AFP", "Copyright 2015"))
    assert not rx.search("copper")
