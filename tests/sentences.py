"""Run test sentences through the whole default pipeline (the `pipe` fixture in conftest.py) and
return the event mentions, as the events tests of each class read them."""

from __future__ import annotations

from typing import Any

from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline


def mentions(pipe: Pipeline, text: str, published: str = "2025-03-10") -> list[Any]:
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=text, published=published)
    doc = pipe(raw).document
    assert doc is not None
    return list(doc.mentions)
