"""merge on the seed pages (full pipeline): issue 8's seed acceptance, end to end."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
ALLOUSH_PAGES = ("000_d6ee9360ffc1ff27.txt", "001_aab8a3634b40cb55.txt")
ALBU_KAMAL_PAGE = "002_091a1e78c0670bde.txt"


@lru_cache(maxsize=1)
def _run() -> tuple:
    from claimgraph.ingest import read_paths
    from claimgraph.merge import MergeDoc
    from claimgraph.model import RawDocument
    from claimgraph.pipeline import Pipeline

    pipe = Pipeline()
    docs, mentions, names = {}, [], {}
    for raw in read_paths([SEEDS / p for p in (*ALLOUSH_PAGES, ALBU_KAMAL_PAGE)]):
        assert isinstance(raw, RawDocument)
        doc = pipe(raw).document
        assert doc is not None
        docs[doc.id] = MergeDoc.from_document(doc)
        names[doc.id] = Path(raw.uri.split("#")[0]).name
        mentions.extend(doc.mentions)
    return docs, mentions, names


def _need_seeds() -> None:
    if not all((SEEDS / p).is_file() for p in (*ALLOUSH_PAGES, ALBU_KAMAL_PAGE)):
        pytest.skip("../shared/corpus/seeds absent")


@pytest.mark.slow
def test_merge_seeds_alloush_strike_one_event() -> None:
    _need_seeds()
    from claimgraph.merge import merge_events

    docs, mentions, names = _run()
    events = merge_events(mentions, docs)
    alloush_docs = {d for d, n in names.items() if n in ALLOUSH_PAGES}
    strikes = [
        e for e in events
        if e.event_type == "ASSAULT" and any("alloush" in c.evidence.text.lower() for c in e.claims)
        and set(e.documents) >= alloush_docs
    ]  # fmt: skip
    assert len(strikes) == 1, [(e.id, e.documents) for e in events if e.event_type == "ASSAULT"]
    strike = strikes[0]
    assert strike.n_sources == 2
    assert strike.status in ("corroborated", "contested")
    assert strike.date is not None and strike.date.value == "2015-12-25"
    # shuffled input: identical events, ids included
    rng = random.Random(3)
    shuffled = mentions[:]
    rng.shuffle(shuffled)
    assert [e.model_dump_json() for e in merge_events(shuffled, docs)] == [
        e.model_dump_json() for e in events
    ]


@pytest.mark.slow
def test_merge_seeds_alloush_perpetrator_dispute() -> None:
    _need_seeds()
    from claimgraph.merge import merge_events

    docs, mentions, names = _run()
    alloush_docs = {d for d, n in names.items() if n in ALLOUSH_PAGES}
    [strike] = [
        e for e in merge_events(mentions, docs)
        if e.event_type == "ASSAULT" and set(e.documents) >= alloush_docs
        and any("alloush" in c.evidence.text.lower() for c in e.claims)
    ]  # fmt: skip
    # the perpetrator: Russian (both pages) against Syrian (page 000's caption)
    [actors] = [d for d in strike.disputes if d.field == "actors"]
    values = " ".join(str(v.value).lower() for v in actors.values)
    assert "russia" in values and "syria" in values


@pytest.mark.slow
def test_merge_seeds_capture_denial_lands_on_a_seize_event() -> None:
    _need_seeds()
    from claimgraph.merge import merge_events

    docs, mentions, _ = _run()
    events = merge_events(mentions, docs)
    hits = [
        e for e in events
        for c in e.claims
        if c.stance == "deny" and "not true" in c.evidence.text and e.event_type == "COERCE"
    ]  # fmt: skip
    assert hits, "the denial of the capture is not on a COERCE event"
    ev = hits[0]
    assert ev.status == "contested"
    assert any(c.stance != "deny" for c in ev.claims)
    assert ev.location is not None and "kam" in ev.location.name.lower()


@pytest.mark.slow
def test_merge_seeds_albu_kamal_capture_one_contested_event() -> None:
    """The capture, state TV's 'liberated', the commander's Hezbollah sentence and SOHR's denial
    (no actor of its own, publication-date fallback) are one seize event, contested."""
    _need_seeds()
    from claimgraph.merge import merge_events

    docs, mentions, names = _run()
    page = {d for d, n in names.items() if n == ALBU_KAMAL_PAGE}
    events = [e for e in merge_events(mentions, docs) if set(e.documents) <= page]
    at_town = [
        e for e in events
        if e.event_type in ("COERCE", "ASSAULT") and e.location is not None
        and "kam" in e.location.name.lower()
    ]  # fmt: skip
    assert len(at_town) == 1, [
        (e.event_type, [c.evidence.text[:60] for c in e.claims]) for e in at_town
    ]
    [ev] = at_town
    texts = [c.evidence.text for c in ev.claims]
    assert ev.event_type == "COERCE" and "seize" in ev.mode
    assert ev.status == "contested"
    assert ev.date is not None and ev.date.value == "2017-11-08"
    assert any(
        "captured" in t and c.stance != "deny" for t, c in zip(texts, ev.claims, strict=True)
    )
    assert any(
        "liberated" in t and c.stance != "deny" for t, c in zip(texts, ev.claims, strict=True)
    )
    assert any(
        "not true" in t and c.stance == "deny" for t, c in zip(texts, ev.claims, strict=True)
    )
    assert any(a.actor_id and "SYR" in (a.country or "") for a in ev.actors)
    assert not [d for d in ev.disputes if d.field == "actors"]  # allies are no disagreement


@pytest.mark.slow
def test_merge_seeds_evacuation_deal_one_event() -> None:
    """Page 001 (undated) 'reached an agreement with ISIS in the Yarmouk refugee camp' and 'the
    government had agreed to the plan' join page 000's U.N.-sponsored evacuation deal."""
    _need_seeds()
    from claimgraph.merge import merge_events

    docs, mentions, names = _run()
    events = merge_events(mentions, docs)
    alloush_docs = {d for d, n in names.items() if n in ALLOUSH_PAGES}
    deals = [
        e for e in events
        if e.event_type in ("AGREE", "RETREAT", "COERCE") and set(e.documents) >= alloush_docs
    ]  # fmt: skip
    assert len(deals) == 1
    [deal] = deals
    assert deal.event_type == "AGREE" and deal.n_sources == 2
    texts = [c.evidence.text for c in deal.claims]
    assert any("reached an agreement" in t for t in texts)
    assert any("agreed to the plan" in t for t in texts)
    assert any("sponsored deal" in t for t in texts)
