"""merge on the seed pages (full pipeline): the Alloush strike reported by two pages is one event."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
ALLOUSH_PAGES = ("000_d6ee9360ffc1ff27.txt", "001_aab8a3634b40cb55.txt")


@pytest.mark.slow
def test_merge_seeds_alloush_strike_one_event() -> None:
    if not all((SEEDS / p).is_file() for p in ALLOUSH_PAGES):
        pytest.skip("../shared/corpus/seeds absent")
    from claimgraph.ingest import read_paths
    from claimgraph.merge import MergeDoc, merge_events
    from claimgraph.model import RawDocument
    from claimgraph.pipeline import Pipeline

    pipe = Pipeline()
    docs, mentions = {}, []
    for raw in read_paths([SEEDS / p for p in ALLOUSH_PAGES]):
        assert isinstance(raw, RawDocument)
        doc = pipe(raw).document
        assert doc is not None
        docs[doc.id] = MergeDoc.from_document(doc)
        mentions.extend(doc.mentions)
    events = merge_events(mentions, docs)
    strikes = [
        e for e in events
        if e.event_type == "ASSAULT" and any("alloush" in c.evidence.text.lower() for c in e.claims)
        and len(set(e.documents)) == 2
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
