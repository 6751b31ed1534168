"""Arabic trigger lexicon, normaliser and the arabic_event_gsr CV classifier, on our own sentences."""

from __future__ import annotations

import numpy as np
import pytest

from claimgraph.events.arabic import detect, find, matched_stems
from claimgraph.events.lexicon import ar_normalize


def test_ar_normalize_folds_alef_ya_ta_marbuta_and_diacritics() -> None:
    assert ar_normalize("إطلاق") == ar_normalize("اطلاق") == "اطلاق"
    assert ar_normalize("غارةٌ") == "غاره"
    assert ar_normalize("مستشفى") == "مستشفي"
    assert ar_normalize("قـتـل") == "قتل"


@pytest.mark.parametrize(
    "text",
    [
        "قصفت الطائرات الحربية مواقع المسلحين شرق المدينة.",
        "انفجرت سيارة مفخخة قرب السوق المركزي صباح اليوم.",
        "شنت المقاتلات غارة على معسكر للتدريب.",
        "زرع مجهولون عبوة ناسفة على جانب الطريق.",
    ],
)
def test_detect_assault(text: str) -> None:
    assert "ASSAULT" in detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "افتتح الوزير معرضا للكتاب في العاصمة.",
        "ارتفعت اسعار النفط في الاسواق العالمية امس.",
    ],
)
def test_detect_nothing(text: str) -> None:
    assert detect(text) == set()


def test_matched_stems_sees_clitics_and_phrases() -> None:
    st = matched_stems("وبالهجوم اطلق المسلحون النار واصيب جنديان بانفجار عبوة ناسفة", "ASSAULT")
    assert {"هجوم", "عبوه ناسفه"} <= st
    assert matched_stems("نظم الطلاب اعتصاما امام الجامعة", "PROTEST") == {"اعتصام"}


def test_find_spans_point_at_the_trigger() -> None:
    text = "قتلت الشرطة ثلاثة مهربين."
    (s, e, typ, _modes), *_ = find(text, max_tier=1)
    assert typ == "ASSAULT" and text[s:e] == "قتلت"


def test_fold_tfidf_matches_a_vectorizer_fitted_on_the_training_part() -> None:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    from claimgraph.eval.tasks.event_type_arabic import _fold_tfidf

    docs = ["قتل جندي في هجوم", "هجوم على القرية", "افتتح الوزير معرضا", "قتل وهجوم", "معرض الكتاب"]
    tr, te = np.array([0, 1, 2, 3]), np.array([4, 0])
    x = (
        CountVectorizer(analyzer="char", ngram_range=(2, 3), lowercase=False)
        .fit_transform(docs)
        .tocsr()
    )
    a, b = _fold_tfidf(x, tr, te, 2, True)
    v = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 3), lowercase=False, min_df=2, sublinear_tf=True
    )
    ea = v.fit_transform([docs[i] for i in tr])
    eb = v.transform([docs[i] for i in te])
    assert a.shape == ea.shape
    assert np.allclose(a.toarray(), ea.toarray()) and np.allclose(b.toarray(), eb.toarray())


def test_cv_classifier_separates_our_sentences() -> None:
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
    pos += [f"اصيب {n + 3} جنود بجروح في هجوم مسلح على حاجز قرب {p}" for n, p in enumerate(places)]
    neg = [f"افتتح وزير التجارة معرضا للكتاب في {p} امس" for p in places]
    neg += [f"بحث الرئيس مع وفد اقتصادي زائر في {p} سبل التعاون" for p in places]
    neg += [f"ارتفعت اسعار الخضار في اسواق {p} هذا الاسبوع" for p in places]
    neg += [f"فاز فريق {p} بالمباراة النهائية للبطولة" for p in places]
    recs = [{"text": t} for t in pos + neg]
    gold = [True] * len(pos) + [False] * len(neg)
    assert _arabic_cv_classifier(recs, gold, "ASSAULT") >= 0.9


def test_assault_examples_load_and_are_balanced() -> None:
    from claimgraph.eval.tasks.event_type_arabic import _assault_examples

    ex = _assault_examples()
    assert ex is not None
    texts, labels = ex
    assert len(texts) == len(labels) >= 300
    assert all(t.strip() for t in texts)
    assert len(set(texts)) == len(texts)
    pos = sum(labels)
    assert 0.4 <= pos / len(labels) <= 0.6


def test_cv_classifier_takes_example_sentences() -> None:
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
    neg += [f"ارتفعت اسعار الخضار في اسواق {p} هذا الاسبوع" for p in places]
    extra = (["انفجرت عبوة ناسفة في سوق المدينة", "افتتح الوزير معرضا جديدا"], [True, False])
    recs = [{"text": t} for t in pos + neg]
    gold = [True] * len(pos) + [False] * len(neg)
    assert _arabic_cv_classifier(recs, gold, "ASSAULT", extra=extra) >= 0.9


def test_assault_gate_reads_attacks_not_threats_or_calls():
    # our own sentences: an air raid, a threat, a roadside bomb, a call for a ceasefire
    from claimgraph.events.arabic_model import assault_sentences

    got = assault_sentences([
        "قصفت طائرات حربية سوقا شعبيا في البلدة صباح اليوم مما أدى إلى مقتل عشرة مدنيين",
        "هدد قائد الجيش بشن هجوم واسع على المدينة إذا لم ينسحب المسلحون",
        "قتل خمسة جنود في هجوم بعبوة ناسفة استهدف دوريتهم",
        "دعا الأمين العام إلى وقف إطلاق النار واستئناف المفاوضات",
    ])  # fmt: skip
    assert got == [True, False, True, False]


def test_detect_without_gate_is_the_lexicon_alone():
    from claimgraph.events.arabic import detect

    threat = "هدد قائد الجيش بشن هجوم واسع على المدينة إذا لم ينسحب المسلحون"
    assert "ASSAULT" not in detect(threat)
    assert detect(threat) <= detect(threat, gate=False)
