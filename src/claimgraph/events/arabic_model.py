"""Is an Arabic sentence an ASSAULT event? A second opinion on the lexicon's ASSAULT triggers.

In: Arabic sentences. Out: booleans. A class-balanced linear SVM over character 2-5grams (across
word boundaries, so clitic + word counts) of the normalised sentence, fitted at first use on our
own example sentences (`data/events/arabic_assault_examples.tsv`: 255 events, 249 hard negatives
such as threats, reports of old attacks and weapon seizures, written for this project), never on
evaluation data. The lexicon finds the trigger; this decides whether the sentence reports an
attack at all, which is where the lexicon's false positives come from.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from claimgraph.events.lexicon import ar_normalize
from claimgraph.resources import data_rows

# C by 5-fold CV on the example sentences themselves (F1 0.907 / 0.917 / 0.917 / 0.922 at
# C = 0.1 / 0.3 / 1 / 3); no evaluation data involved
C = 3.0


@functools.lru_cache(maxsize=1)
def _model() -> Any | None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    rows = data_rows("events", "arabic_assault_examples.tsv")
    if not rows:
        return None
    texts = [ar_normalize(r[1]) for r in rows]
    labels = [r[0] == "yes" for r in rows]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), lowercase=False, sublinear_tf=True,
                          min_df=2)  # fmt: skip
    clf = LinearSVC(C=C, class_weight="balanced", random_state=0)
    return make_pipeline(vec, clf).fit(texts, labels)


def assault_sentences(sentences: Sequence[str]) -> list[bool]:
    """True for the sentences the classifier reads as reporting an attack; all True when the
    example file is missing (the lexicon alone decides then)."""
    m = _model()
    if m is None or not sentences:
        return [True] * len(sentences)
    return [bool(p) for p in m.predict([ar_normalize(s) for s in sentences])]
