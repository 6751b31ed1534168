"""merge: incremental re-merge of an affected neighbourhood equals a full merge, in any order."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.merge import MergeDoc, Window, affected_window, merge_events, neighbourhood
from claimgraph.merge.features import features
from claimgraph.model import Event, EventMention

from test_merge_events import ALEPPO, DOUMA, GHOUTA, IS, JAI, RAQQA, RUSSIA, SYRIA, mention

ACTORS = [RUSSIA, SYRIA, IS, JAI]
PLACES = [DOUMA, GHOUTA, RAQQA, ALEPPO, None]
BASE = date(2016, 3, 1)


def _corpus(
    spec: list[tuple[int, int, int, int, int, int]],
) -> tuple[list[EventMention], dict[str, MergeDoc]]:
    docs: dict[str, MergeDoc] = {}
    ms = []
    for i, (day, a, r, p, t, doc) in enumerate(spec):
        did = f"d{doc}"
        pub = (BASE + timedelta(days=day + 1)).isoformat()
        docs.setdefault(did, MergeDoc(id=did, outlet=f"outlet{doc % 3}", published=pub if doc != 5 else None,
                                      text=f"text of document {doc} " * 4))  # fmt: skip
        ms.append(mention(
            f"m{i:02d}", did, event_type=["ASSAULT", "AGREE"][t], actors=[ACTORS[a]],
            recipients=[ACTORS[r]] if r != a else [], place=PLACES[p],
            day=(BASE + timedelta(days=day)).isoformat() if day < 12 else None,
            stance="deny" if (i % 5 == 4) else "report",
        ))  # fmt: skip
    return ms, docs


class Store:
    """A toy store: mentions and the events merged from them, updated by neighbourhood."""

    def __init__(self, docs: dict[str, MergeDoc]) -> None:
        self.docs = docs
        self.mentions: dict[str, EventMention] = {}
        self.events: dict[str, Event] = {}

    def fetch(self, w: Window) -> list[EventMention]:
        return [
            m
            for m in self.mentions.values()
            if w.contains(features(m, self.docs.get(m.document_id)))
        ]

    def add(self, new: list[EventMention]) -> None:
        _, hood = neighbourhood(new, self.fetch, self.docs)
        for m in new:
            self.mentions[m.id] = m
        ids = {m.id for m in hood}
        self.events = {k: e for k, e in self.events.items() if not ids & set(e.mention_ids)}
        for e in merge_events(hood, self.docs):
            self.events[e.id] = e

    def export(self) -> list[str]:
        evs = sorted(self.events.values(),
                     key=lambda e: (e.date.value if e.date and e.date.value else "9999", e.id))  # fmt: skip
        return [e.model_dump_json() for e in evs]


mention_spec = st.tuples(
    st.integers(0, 13), st.integers(0, 3), st.integers(0, 3), st.integers(0, 4),
    st.integers(0, 1), st.integers(0, 5),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(spec=st.lists(mention_spec, min_size=1, max_size=14), data=st.data())
def test_merge_incremental_any_order_equals_full(spec, data) -> None:  # type: ignore[no-untyped-def]
    ms, docs = _corpus(spec)
    full = [e.model_dump_json() for e in merge_events(ms, docs)]
    order = data.draw(st.permutations(ms))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(ms)), max_size=4)))
    store = Store(docs)
    prev = 0
    for c in [*cuts, len(ms)]:
        if c > prev:
            store.add(list(order[prev:c]))
            prev = c
    assert store.export() == full


@settings(max_examples=40, deadline=None)
@given(spec=st.lists(mention_spec, min_size=1, max_size=14), data=st.data())
def test_merge_any_order_same_events(spec, data) -> None:  # type: ignore[no-untyped-def]
    ms, docs = _corpus(spec)
    full = [e.model_dump_json() for e in merge_events(ms, docs)]
    assert [e.model_dump_json() for e in merge_events(data.draw(st.permutations(ms)), docs)] == full


def test_merge_affected_window_pads_by_gap() -> None:
    ms, docs = _corpus([(3, 0, 3, 0, 0, 0), (5, 0, 3, 2, 0, 1)])
    w = affected_window(ms, docs)
    assert w.date_from == BASE + timedelta(days=1)
    assert w.date_to == BASE + timedelta(days=7)
    assert w.countries == frozenset({"SY"})
