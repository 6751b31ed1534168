"""Unit tests of the Arabic event-type eval's classifier pieces (invented sentences, no gold data)."""

from __future__ import annotations

import pytest


def test_agreement_is_the_share_of_annotators_who_gave_the_label() -> None:
    from claimgraph.eval.tasks.event_type_arabic import _agreement

    recs = [
        {"text": "قتل جندي في هجوم", "label": "yes", "accept": "3", "reject": "0"},
        {"text": "افتتح الوزير معرضا", "label": "easy no", "accept": "0", "reject": "3"},
        {"text": "وقع الهجوم امس", "label": "difficult no", "accept": "1", "reject": "2"},
        {"text": "هدد المسلحون بالهجوم", "label": "difficult no", "accept": "2", "reject": "2"},
        {"text": "انفجرت عبوة", "label": "difficult no", "accept": "1", "reject": "5"},
    ]
    assert _agreement(recs) == pytest.approx([1.0, 1.0, 2 / 3, 0.5, 5 / 6])


def test_agreement_without_counts_is_one() -> None:
    from claimgraph.eval.tasks.event_type_arabic import _agreement

    recs = [
        {"text": "قتل جندي"},
        {"text": "معرض", "label": "easy no", "accept": "", "reject": ""},
        {"text": "هجوم", "label": "yes", "accept": "0", "reject": "0"},
    ]
    assert _agreement(recs) == [1.0, 1.0, 1.0]


def test_cv_classifier_with_agreement_weights() -> None:
    from claimgraph.eval.tasks.event_type_arabic import _arabic_cv_classifier

    places = [
        "بغداد",
        "الموصل",
        "غزة",
        "كابول",
        "مقديشو",
        "بيشاور",
        "صنعاء",
        "حلب",
        "قندهار",
        "البصرة",
    ]
    pos = [f"قتل {n + 2} اشخاص في انفجار سيارة مفخخة في {p} امس" for n, p in enumerate(places)]
    neg = [f"افتتح وزير التجارة معرضا للكتاب في {p} امس" for p in places]
    hard = [f"هدد مسلحون بتفجير سيارة في {p}" for p in places]
    recs = [{"text": t, "label": "yes", "accept": "3", "reject": "0"} for t in pos]
    recs += [{"text": t, "label": "easy no", "accept": "0", "reject": "3"} for t in neg]
    recs += [{"text": t, "label": "difficult no", "accept": "1", "reject": "2"} for t in hard]
    gold = [True] * len(pos) + [False] * (len(neg) + len(hard))
    for grid in ((0.0,), (1.0,), (0.0, 1.0)):
        assert _arabic_cv_classifier(recs, gold, "ASSAULT", agree_grid=grid) >= 0.9
