"""The ACLED classifier's plain-array form (`LinearAcled`) scores exactly as the scikit-learn
model it was compiled from, without and with an embedding block."""

from __future__ import annotations

import pickle

import numpy as np

from claimgraph.events.acled_model import AcledModel

TRAIN = [
    ("AIR_STRIKE", "Jets bombed the village at dawn, killing three farmers.", "ASSAULT aerial"),
    ("AIR_STRIKE", "A drone strike hit a car near the border crossing.", "ASSAULT aerial drone"),
    ("PEACE_PROTEST", "Hundreds of nurses marched to the ministry over unpaid wages.", "PROTEST"),
    ("PEACE_PROTEST", "Students held a sit-in outside parliament on Monday.", "PROTEST sitin"),
    ("ARREST", "Police detained two journalists at the airport.", "COERCE arrest"),
    ("ARREST", "Security forces arrested a local council member overnight.", "COERCE arrest"),
    ("REM_EXPLOS", "A roadside bomb exploded beside a bus in the market town.", "ASSAULT bomb"),
    ("REM_EXPLOS", "An improvised device went off under a bridge.", "ASSAULT bomb device"),
]  # fmt: skip
TEST = [
    "Warplanes struck the outskirts of the city; two houses collapsed.",
    "Teachers marched again, demanding the release of colleagues who were detained.",
    "A bomb exploded   at a checkpoint —  nobody was hurt.",
    "Détente talks: Ministers met in São Paulo.",
    "x",
    "",
]
TEST_F = ["ASSAULT aerial", "PROTEST arrest", "ASSAULT bomb", "", "x", ""]


def _fit(emb: np.ndarray | None) -> AcledModel:
    labels, texts, feats = (list(c) for c in zip(*TRAIN))
    # the character block keeps n-grams of two or more sentences (min_df=2), as shipped
    return AcledModel.fit(texts, feats, labels, emb)


def _sklearn_scores(m: AcledModel, texts: list[str], feats: list[str], emb=None) -> np.ndarray:  # type: ignore[no-untyped-def]
    blocks = [v.transform(src) for v, src in zip(m.vecs, (texts, texts, feats))]
    return m.clf.decision_function(m._stack(blocks, emb))


def test_plain_scores_are_sklearns_bit_for_bit() -> None:
    m = _fit(None)
    plain = pickle.loads(pickle.dumps(m.compile()))
    assert np.array_equal(plain.decision(TEST, TEST_F), _sklearn_scores(m, TEST, TEST_F))
    assert plain.predict(TEST, TEST_F) == m.predict(TEST, TEST_F)
    assert plain.predict([], []) == []


def test_plain_scores_with_embeddings() -> None:
    rng = np.random.default_rng(0)
    train_emb = rng.standard_normal((len(TRAIN), 6)).astype(np.float32)
    test_emb = rng.standard_normal((len(TEST), 6)).astype(np.float32)
    test_emb[0, 2] = 0.0  # a zero is left out of the sparse block
    m = _fit(train_emb)
    plain = m.compile()
    got = plain.decision(TEST, TEST_F, test_emb)
    assert np.array_equal(got, _sklearn_scores(m, TEST, TEST_F, test_emb))
    assert plain.predict(TEST, TEST_F, test_emb) == m.predict(TEST, TEST_F, test_emb)
