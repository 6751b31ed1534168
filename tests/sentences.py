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


def told(found: list[Any], typ: str) -> list[Any]:
    """Mentions of `typ` that report an event: asserted and not a mere reference."""
    return [
        m for m in found if m.event_type == typ and m.modality == "asserted" and not m.reference
    ]


def names(refs: list[Any]) -> str:
    """The names of actors or recipients, lowercased and joined, for `in` assertions."""
    return " ".join(a.name for a in refs).lower()


def blames(nlp: Any, text: str) -> list[tuple[Any, str, list[str], list[str]]]:
    """(entry, trigger, accuser texts, accused texts) of every blame trigger in `text`."""
    from claimgraph.events import extract as ex
    from claimgraph.events.blame import blame_roles

    return trigger_roles(
        nlp, text, lambda sent, tok, entry: blame_roles(sent, tok, entry, ex.np_span)
    )
