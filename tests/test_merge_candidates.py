"""Candidates of the merge's first pass from an inverted index of evidence keys (issue 19,
merge/candidates.py): every pair that shares evidence shares a key, so the index finds every
edge the area index finds, and nothing else changes."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from test_merge_blocking import _feats

from claimgraph.merge import blocking
from claimgraph.merge.blocking import AreaIndex, edges
from claimgraph.merge.candidates import EvidenceIndex
from claimgraph.merge.evidence import shared_evidence
from claimgraph.merge.features import MentionFeatures, haversine_km
from claimgraph.merge.score import type_block
from claimgraph.model import Place


def _blocks(feats: list[MentionFeatures]) -> list[list[MentionFeatures]]:
    out: dict[str, list[MentionFeatures]] = {}
    for f in feats:
        out.setdefault(type_block(f.event_type), []).append(f)
    return list(out.values())


@pytest.mark.parametrize("seed", range(4))
def test_merge_candidates_a_pair_sharing_evidence_shares_a_key(seed: int) -> None:
    feats = _feats(seed, 200)
    index = EvidenceIndex(feats)
    shared = 0
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            if shared_evidence(a, b):
                shared += 1
                assert index.keys(a).found(index.keys(b)), (a, b)
                assert index.keys(b).found(index.keys(a)), (a, b)
    assert shared > 1000  # the generator makes pairs of every kind of evidence


@pytest.mark.parametrize("seed", range(4))
def test_merge_candidates_owns_the_area_pairs_that_share_evidence(seed: int) -> None:
    for block in _blocks(_feats(seed, 240)):
        area, ev = AreaIndex(block), EvidenceIndex(block)
        for a in block:
            every = {b.id for b in area.owned(a)}
            found = [b.id for b in ev.owned(a)]
            assert len(found) == len(set(found))  # each partner once
            assert set(found) <= every
            want = {b.id for b in area.owned(a) if shared_evidence(a, b)}
            assert want <= set(found)


@pytest.mark.parametrize("seed", range(3))
def test_merge_candidates_same_edges_as_the_area_index(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    feats = _feats(seed, 300)
    monkeypatch.setattr(blocking, "CANDIDATES", "area")
    slow = sorted(edges(feats))
    monkeypatch.setattr(blocking, "CANDIDATES", "evidence")
    assert sorted(edges(feats)) == slow
    assert len(slow) > 100


def _at(f: MentionFeatures, lat: float, lon: float, name: str) -> MentionFeatures:
    return replace(f, place=Place(name=name, lat=lat, lon=lon, country=None, precision="town"),
                   country=None)  # fmt: skip


@pytest.mark.parametrize(
    ("lat", "lon"), [(0.0, 0.0), (33.45, 36.25), (59.99, 10.0), (70.0, 25.0), (-45.0, 179.99)]
)
def test_merge_candidates_places_within_near_km_share_a_grid_key(lat: float, lon: float) -> None:
    base = _feats(0, 1)[0]
    a = _at(base, lat, lon, "A")
    # points 9.9 km away in eight directions, across cell edges and the antimeridian
    for bearing in range(0, 360, 45):
        dlat = 9.9 / 111.2 * math.cos(math.radians(bearing))
        dlon = 9.9 / (111.2 * math.cos(math.radians(lat))) * math.sin(math.radians(bearing))
        lon2 = (lon + dlon + 180) % 360 - 180
        b = replace(_at(base, lat + dlat, lon2, "B"), id="m9999", document_id="other")
        assert haversine_km(lat, lon, lat + dlat, lon2) <= 10.0
        index = EvidenceIndex([a, b])
        assert index.keys(a).probe & index.keys(b).emit, (lat, lon, bearing)
    far = replace(_at(base, lat + 0.5, lon, "C"), id="m9998", document_id="other")
    index = EvidenceIndex([a, far])
    assert not {k for k in index.keys(a).probe & index.keys(far).emit if k.startswith("c:")}
