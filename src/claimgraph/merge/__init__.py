"""merge: event mentions from many documents -> events with claims, status and disputes.

In: `EventMention`s (any order, any number of documents) and a `MergeDoc` per document id.
Out: `Event`s, sorted by date then id; the same input in any order gives identical output.

    1. features   per mention: date interval, place, actor keys, words (features.py)
    2. cluster    blocking by type/time, pair scores (score.py), components, then per document
                  and across documents agglomeration with vetoes (cluster.py)
    3. sources    near-duplicate documents (MinHash + containment) and same-outlet copies form one
                  source group (sources.py)
    4. aggregate  claims, status, fields by independent-source vote, disputes, id (aggregate.py)

Pure: no database access. For incremental use, `affected_window(new_mentions)` and
`neighbourhood(new_mentions, fetch)` tell the store which stored mentions to re-merge so that the
result equals a full re-merge.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from claimgraph.model import Event, EventMention

from .aggregate import build_event, event_id
from .blocking import edges_touching
from .cluster import cluster
from .docs import MergeDoc
from .features import MentionFeatures, features, interval_and_country
from .score import MAX_GAP_DAYS, score
from .sources import _SourceIndex, source_groups

__all__ = [
    "MergeDoc",
    "merge_events",
    "Window",
    "affected_window",
    "neighbourhood",
    "source_groups",
    "event_id",
    "score",
    "features",
    "interval_and_country",
    "MentionFeatures",
    "partitioned_merge",
    "StoredMentions",
    "MergeProgress",
]


def _usable(mentions: Iterable[EventMention], include_opinion: bool) -> list[EventMention]:
    by_id: dict[str, EventMention] = {}
    for m in mentions:
        if m.opinion and not include_opinion:
            continue
        prev = by_id.get(m.id)
        # the same mention given twice: keep one, chosen by content, not by position
        if prev is None or m.model_dump_json() < prev.model_dump_json():
            by_id[m.id] = m
    return [by_id[k] for k in sorted(by_id)]


def merge_events(
    mentions: list[EventMention],
    docs: Mapping[str, MergeDoc],
    *,
    include_opinion: bool = False,
    require_participants: bool = True,
    edges: Collection[tuple[str, str]] | None = None,
    known: Mapping[str, MentionFeatures] | None = None,
) -> list[Event]:
    """Cluster mentions into events. Mentions with `opinion=True` make no claims by default.

    An event that names neither an actor nor a recipient in any of its claims is not stored
    (`require_participants`): "who did what to whom" with no who is rarely an event an analyst
    can use ("the fighting continued", "there were attacks"); its mentions stay in the store.
    `edges`: the pairs (mention ids) of these mentions scoring at least `THRESHOLD`, when the
    caller found them already (see `cluster`); `known`: features the caller computed with the
    same `docs` (by mention id); the same events either way."""
    ms = _usable(mentions, include_opinion)
    by_id = {m.id: m for m in ms}
    known = known or {}
    feats = [
        f if (f := known.get(m.id)) is not None else features(m, docs.get(m.document_id))
        for m in ms
    ]
    clusters = cluster(feats, edges=edges)
    anchors = _anchors(clusters, feats, docs)
    if anchors:
        clusters, feats = _anchored_pass(ms, feats, docs, anchors, edges)
    index = _SourceIndex(docs)
    another = {f.id: f.another for f in feats}
    events = []
    for ids in clusters:
        cm = [by_id[i] for i in ids]
        ev = build_event(cm, docs, index.groups({m.document_id for m in cm}))
        if _exported(ev, cm, another, require_participants):
            events.append(ev)
    events.sort(key=lambda e: (e.date.value if e.date and e.date.value else "9999", e.id))
    return events


def _anchored_pass(
    ms: list[EventMention],
    feats: list[MentionFeatures],
    docs: Mapping[str, MergeDoc],
    anchors: dict[str, date],
    edges: Collection[tuple[str, str]] | None,
) -> tuple[list[tuple[str, ...]], list[MentionFeatures]]:
    """Second pass: mentions of undated documents get the anchored date as a weak fallback;
    the clusters and features again."""
    fdocs = {**docs}
    for did, day in anchors.items():
        base = docs.get(did) or MergeDoc(id=did)
        fdocs[did] = replace(base, published=day.isoformat())
    # only the anchored documents' mentions change (features read the mention and its doc),
    # and so only the pairs with one of them on a side may score otherwise
    changed = {m.id for m in ms if m.document_id in anchors}
    feats = [
        features(m, fdocs[m.document_id]) if m.id in changed else f
        for m, f in zip(ms, feats, strict=True)
    ]
    if edges is not None:
        kept = [e for e in edges if e[0] not in changed and e[1] not in changed]
        edges = kept + sorted(edges_touching(feats, changed))
    return cluster(feats, edges=edges), feats


def _exported(
    ev: Event, cm: list[EventMention], another: Mapping[str, bool], require_participants: bool
) -> bool:
    """Whether an event built from the cluster `cm` is stored (see `merge_events`)."""
    if require_participants and not ev.actors and not ev.recipients:
        return False
    if all(m.reference and not another[m.id] for m in cm):
        # only referred to ("returned to the talks"): reported elsewhere or not at all;
        # "followed another crackdown" refers to none the story told, it tells one more
        return False
    # only a photo caption ("X talks during a conference in Douma, Aug. 27, 2014"): it
    # describes a picture, not the story; a caption may support a body's event
    return not all(m.evidence.segment == "caption" for m in cm)


def _anchors(
    clusters: list[tuple[str, ...]], feats: list[MentionFeatures], docs: Mapping[str, MergeDoc]
) -> dict[str, date]:
    """A date for each document that has none (no publication date, no resolved event date).

    Its mentions that joined events dated by other documents tell when the document was written:
    the (lower) median of those dates. Most of its other mentions are about the same days, so
    they may then be compared by date like anyone else's, and no longer join events years away.
    Depends only on the set of mentions, not their order.
    """
    by_id = {f.id: f for f in feats}
    undated_docs = _undated_docs(feats, docs)
    if not undated_docs:
        return {}
    seen: dict[str, list[date]] = {d: [] for d in undated_docs}
    for ids in clusters:
        fs = [by_id[i] for i in ids]
        for did in {f.document_id for f in fs if f.interval is None} & undated_docs:
            seen[did].extend(
                f.interval[1] for f in fs if f.document_id != did and f.interval is not None
            )
    out = {}
    for did, days in seen.items():
        if days:
            days.sort()
            out[did] = days[(len(days) - 1) // 2]
    return out


def _undated_docs(feats: Iterable[MentionFeatures], docs: Mapping[str, MergeDoc]) -> set[str]:
    """Documents with no publication date that have a mention with no date either."""
    return {
        f.document_id for f in feats
        if f.interval is None and not (docs.get(f.document_id) and docs[f.document_id].published)
    }  # fmt: skip


@dataclass(frozen=True)
class Window:
    """A neighbourhood to re-merge: mentions dated within [date_from, date_to] (inclusive), or
    undated, and, when `countries` is not None, placed in one of them or not placed at all.
    `date_from is None` means all dates (some mention had no date at all)."""

    date_from: date | None
    date_to: date | None
    countries: frozenset[str] | None

    def contains(self, f: MentionFeatures) -> bool:
        if self.date_from is not None and self.date_to is not None and f.interval is not None:
            if f.interval[1] < self.date_from or f.interval[0] > self.date_to:
                return False
        if self.countries is not None and f.country is not None:
            return f.country in self.countries
        return True


def affected_window(
    new_mentions: Iterable[EventMention], docs: Mapping[str, MergeDoc] | None = None
) -> Window:
    """Dates and area whose events may change when `new_mentions` are added.

    The store loads the stored mentions inside this window and merges them together with the new
    ones; see `neighbourhood` for the fixed point that makes this equal a full re-merge.
    """
    feats = [features(m, (docs or {}).get(m.document_id)) for m in new_mentions]
    return _window(feats)


def _window(feats: list[MentionFeatures]) -> Window:
    if not feats:
        return Window(date(1, 1, 1), date(1, 1, 1), frozenset())
    ivs = [f.interval for f in feats]
    if any(iv is None for iv in ivs):
        lo = hi = None
    else:
        pad = timedelta(days=MAX_GAP_DAYS)
        lo = min(iv[0] for iv in ivs) - pad  # type: ignore[index]
        hi = max(iv[1] for iv in ivs) + pad  # type: ignore[index]
    if any(f.country is None for f in feats):
        countries = None
    else:
        countries = frozenset(f.country for f in feats if f.country)
    return Window(lo, hi, countries)


def neighbourhood(
    new_mentions: list[EventMention],
    fetch: Callable[[Window], list[EventMention]],
    docs: Mapping[str, MergeDoc],
    *,
    include_opinion: bool = False,
) -> tuple[Window, list[EventMention]]:
    """Grow the window until it is closed: every stored mention that could corefer with a
    mention inside it is inside it. `fetch(window)` returns stored mentions in the window (a
    superset is fine). Merging the returned mentions and replacing every stored event that shares
    a mention with them gives the same events as a full re-merge.
    """
    current = _usable(new_mentions, include_opinion)
    window = _window([features(m, docs.get(m.document_id)) for m in current])
    while True:
        stored = fetch(window)
        allm = _usable([*new_mentions, *stored], include_opinion)
        feats = [features(m, docs.get(m.document_id)) for m in allm]
        inside = [f for f in feats if window.contains(f)]
        grown = _window(inside)
        ids = {f.id for f in inside}
        if grown == window or _covers(window, grown):
            return window, [m for m in allm if m.id in ids]
        window = _union(window, grown)


def _covers(a: Window, b: Window) -> bool:
    if a.date_from is not None and (b.date_from is None or b.date_from < a.date_from):
        return False
    if a.date_to is not None and (b.date_to is None or b.date_to > a.date_to):
        return False
    if a.countries is not None and (b.countries is None or not b.countries <= a.countries):
        return False
    return True


def _union(a: Window, b: Window) -> Window:
    lo = None if a.date_from is None or b.date_from is None else min(a.date_from, b.date_from)
    hi = None if a.date_to is None or b.date_to is None else max(a.date_to, b.date_to)
    if lo is None or hi is None:
        lo = hi = None
    c = None if a.countries is None or b.countries is None else a.countries | b.countries
    return Window(lo, hi, c)


# after the definitions above, which the partitioned merge builds on
from .partition import MergeProgress, StoredMentions, partitioned_merge  # noqa: E402
