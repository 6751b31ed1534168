"""`norm_many` / `skeleton_many` give exactly the one-name keys, for every path a name can take."""

from __future__ import annotations

from claimgraph.places.normalize import norm, norm_many, skeleton, skeleton_many, usable_script

NAMES = [
    # ASCII: punctuation, case, the folded abbreviations, apostrophes dropped inside words
    "Port Said", "  Fort Lauderdale ", "Saint-Denis", "Sainte Anne", "Mount Hermon", "O'Hare",
    "Ras al-`Ayn", "St. Catharines", "Fortaleza", "a.b.c", "", "'", "--",
    # other Latin script: accents, Latin Extended Additional, typographic apostrophes, ligatures
    "Ḩamāh", "Qal’at al-Ḩişn", "ʿAyn al-ʿArab", "Saint-Étienne", "Ⅻ Ward", "ﬁeldtown", "Zürich",
    "São Tomé", "Łódź", "Ma\u0301laga",
    # Arabic script, alone and mixed with Latin, presentation forms, diacritics
    "دير الزور", "حَلَب", "ﺩﻳﺮ", "Tell الأبيض", "إدلب ",
    # the one-name path: a newline, non-ASCII spaces, a line separator
    "St.\nLouis", "\u00a0Qal\u2019at", "Nova\u2028Vila", "Nova\u3000Vila", "x\x85y",
]  # fmt: skip


def test_norm_many_equals_norm() -> None:
    assert norm_many(NAMES) == [norm(n) for n in NAMES]
    assert norm_many([]) == []
    assert norm_many(list(reversed(NAMES))) == [norm(n) for n in reversed(NAMES)]


def test_skeleton_many_equals_skeleton() -> None:
    keys = [norm(n) for n in NAMES] + ["al bab", "the hague", "ash shaddadi", "qamishli", "x"]
    assert skeleton_many(keys) == [skeleton(k) for k in keys]
    assert skeleton_many([]) == []


def test_usable_script() -> None:
    assert usable_script("Ḩamāh") and usable_script("دير") and usable_script("Zürich")
    assert not usable_script("北京") and not usable_script("Москва")
    assert usable_script("Paris 北") is False
    assert usable_script("a\u0301") and usable_script("")
