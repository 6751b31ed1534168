"""Run test sentences through the whole default pipeline (the `pipe` fixture in conftest.py) and
return the event mentions, as the events tests of each class read them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline


def mentions(pipe: Pipeline, text: str, published: str = "2025-03-10") -> list[Any]:
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=text, published=published)
    doc = pipe(raw).document
    assert doc is not None
    return list(doc.mentions)


def trigger_roles(
    nlp: Any, text: str, roles_of: Callable[[Any, Any, Any], Any]
) -> list[tuple[Any, str, list[str], list[str]]]:
    """(entry, trigger, actor texts, recipient texts) of every trigger in `text` for which
    `roles_of(sentence, trigger token, lexicon entry)` gives (actor spans, recipient spans)."""
    from claimgraph.events import extract as ex

    doc = nlp(text)
    out = []
    for sent in doc.sents:
        for c in ex.find_triggers(sent):
            roles = roles_of(sent, doc[c.i], c.entry)
            if roles is not None:
                acts, recs = roles
                out.append(
                    (
                        c.entry,
                        doc[c.i].text,
                        [doc[a:b].text for a, b in acts],
                        [doc[a:b].text for a, b in recs],
                    )
                )
    return out
