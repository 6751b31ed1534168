"""Source text cut into pieces the templates can escape and mark, and the event page's model.

In: a document's text, its segments (with labels) and spans to highlight (evidence of claims).
Out: blocks (one per segment, plus unlabelled gaps) of pieces `(text, marks)`. The templates
escape every piece (autoescape); nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

#: segment labels shown as not being the outlet's own reporting
MARKED_KINDS = frozenset({"boilerplate", "quote", "comment", "related", "byline"})


@dataclass
class Piece:
    text: str
    marks: list[int] = field(default_factory=list)  # indices of the highlights covering it
    anchor: int | None = None  # highlight index whose first piece this is


@dataclass
class Block:
    kind: str  # segment label, or "" for text outside every segment
    start: int
    end: int
    pieces: list[Piece]
    author: str | None = None

    @property
    def marked(self) -> bool:
        return self.kind in MARKED_KINDS


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    index: int  # claim index (event page) or mention index (document page)


def blocks(text: str, segments: list[Record], highlights: list[Highlight]) -> list[Block]:
    """The whole text as blocks in order; highlights cut pieces inside them."""
    n = len(text)
    segs = sorted(
        (s for s in segments if 0 <= s["start"] < s["end"] <= n), key=lambda s: s["start"]
    )
    spans: list[tuple[int, int, str, str | None]] = []
    pos = 0
    for s in segs:
        if s["start"] < pos:  # overlapping segments: keep the first
            continue
        if s["start"] > pos and text[pos : s["start"]].strip():
            spans.append((pos, s["start"], "", None))
        spans.append((s["start"], s["end"], str(s["kind"]), s.get("author")))
        pos = s["end"]
    if pos < n and text[pos:].strip():
        spans.append((pos, n, "", None))
    hl = [h for h in highlights if 0 <= h.start < h.end <= n]
    anchored: set[int] = set()
    out = []
    for start, end, kind, author in spans:
        cuts = {start, end}
        for h in hl:
            if h.start < end and h.end > start:
                cuts.add(max(h.start, start))
                cuts.add(min(h.end, end))
        pts = sorted(cuts)
        pieces = []
        for a, b in zip(pts, pts[1:]):
            marks = sorted({h.index for h in hl if h.start <= a and h.end >= b})
            anchor = None
            for m in marks:
                if m not in anchored:
                    anchored.add(m)
                    anchor = m
                    break
            pieces.append(Piece(text[a:b], marks, anchor))
        if pieces:  # line breaks at the edges of a segment are layout, not text to show
            pieces[0].text = pieces[0].text.lstrip("\n")
            pieces[-1].text = pieces[-1].text.rstrip()
        out.append(Block(kind, start, end, pieces, author))
    return out


def _source_count(claims: list[Record], idx: list[int]) -> int:
    groups = {
        claims[i].get("source_group") or claims[i].get("document_id")
        for i in idx
        if 0 <= i < len(claims)
    }
    return len(groups)


def event_view(rec: Record, docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The event record enriched for readers: each claim with its document's title and link,
    each dispute value with how many independent sources carry it."""
    claims = []
    for i, c in enumerate(rec.get("claims") or []):
        meta = docs.get(c.get("document_id") or "", {})
        claims.append({**c, "index": i, "document": {
            "id": c.get("document_id"), "title": meta.get("title"), "uri": meta.get("uri"),
            "url": meta.get("url"), "outlet": meta.get("outlet"), "published": meta.get("published"),
        }})  # fmt: skip
    disputes = []
    for d in rec.get("disputes") or []:
        values = []
        for v in d.get("values") or []:
            idx = [i for i in v.get("claims") or [] if isinstance(i, int)]
            value = v.get("value")
            label = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            values.append({**v, "label": label, "n_sources": _source_count(claims, idx)})
        disputes.append({"field": d.get("field"), "values": values})
    return {**rec, "claims": claims, "disputes": disputes}
