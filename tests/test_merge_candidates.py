"""Candidates of the merge's first pass from an inverted index of evidence keys (issue 19,
merge/candidates.py): every pair that shares evidence shares a key, so the index finds every
edge the area index finds, and nothing else changes."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import random
from collections import defaultdict
from dataclasses import replace

import pytest
from test_merge_blocking import _feats

from claimgraph.merge import blocking, partition
from claimgraph.merge.blocking import AreaIndex, edges
from claimgraph.merge.candidates import EvidenceIndex, _name_keys
from claimgraph.merge.evidence import shared_evidence
from claimgraph.merge.features import (
    _WORD,
    SPELLING_MIN,
    MentionFeatures,
    _near_spelling,
    haversine_km,
)
from claimgraph.merge.score import type_block
from claimgraph.model import Place
from claimgraph.resources import data_path


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


def _variant(rng: random.Random, w: str) -> str:
    """`w` with 1-3 letters after the first three replaced, inserted, deleted or swapped."""
    out = list(w)
    for _ in range(rng.randint(1, 3)):
        i, op = rng.randrange(3, len(out) + 1), rng.random()
        if op < 0.3 and i < len(out):
            out[i] = rng.choice("aeiouhkly")
        elif op < 0.55:
            out.insert(i, rng.choice("aeiouhkly"))
        elif op < 0.8 and i < len(out) and len(out) > 4:
            del out[i]
        elif i + 1 < len(out):
            out[i], out[i + 1] = out[i + 1], out[i]
    return "".join(out)


def test_merge_candidates_spelling_variants_share_a_name_key() -> None:
    # transliteration-like variants of random names of 6-24 letters (the coarse key included)
    rng, accepted = random.Random(0), 0
    for _ in range(30000):
        x = "".join(rng.choice("aeioubdhklmnrsty") for _ in range(rng.randint(6, 24)))
        y = _variant(rng, x)
        if _near_spelling(x, y):
            accepted += 1
            assert _name_keys(x) & _name_keys(y), (x, y)
    assert accepted > 15000


def test_merge_candidates_every_near_spelling_of_two_letters_shares_a_name_key() -> None:
    # every pair of words over {a, b} with one prefix, 6-10 letters: each shape of common
    # subsequence those lengths allow
    words = ["aab" + "".join(t) for n in range(3, 8) for t in itertools.product("ab", repeat=n)]
    accepted = 0
    for x, y in itertools.combinations(words, 2):
        if _near_spelling(x, y):
            accepted += 1
            assert _name_keys(x) & _name_keys(y), (x, y)
    assert accepted > 1000


def test_merge_candidates_registry_aliases_share_a_name_key() -> None:
    # every pair of words of the actor registry's names and aliases `_near_spelling` accepts
    words: set[str] = set()
    for name in ("curated.jsonl", "sources.jsonl.gz"):
        path = data_path("actors", name)
        with (gzip.open if name.endswith(".gz") else open)(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                for n in (rec["name"], *rec.get("aliases", [])):
                    words.update(w.lower() for w in _WORD.findall(n) if len(w) >= SPELLING_MIN)
    by: dict[tuple[str, int], list[str]] = defaultdict(list)
    for w in sorted(words):
        by[(w[:3], len(w))].append(w)
    accepted = 0
    for (prefix, n), xs in by.items():
        pairs = itertools.chain(
            itertools.combinations(xs, 2), itertools.product(xs, by.get((prefix, n + 1), []))
        )
        for x, y in pairs:
            if _near_spelling(x, y):
                accepted += 1
                assert _name_keys(x) & _name_keys(y), (x, y)
    assert accepted > 3000


def test_merge_candidates_name_keys_leave_out_names_of_one_prefix_and_length() -> None:
    # what the keys are for: generated names of one beginning and length are not candidates
    assert not _name_keys("kashiza") & _name_keys("kashiqu")
    assert _name_keys("alloush") & _name_keys("allouch")
    assert _name_keys("alloush") & _name_keys("alloosh")


@pytest.mark.parametrize("plan", ["plain", "apart", "cheaper"])
@pytest.mark.parametrize(("seed", "wide_slabs", "cap"), [(0, 1, 10_000), (1, 3, 13), (2, 20, 40)])
def test_merge_candidates_slabs_of_wide_owners_find_the_same_edges(
    seed: int, wide_slabs: int, cap: int, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # owners of a year or undated may be slabbed apart (partition.WIDE_DAYS): each owner's tasks
    # still hold every mention of its window, so the tasks find the edges of the whole set; and
    # so they do when owners and partners are cut in pieces of at most INDEX_CAP
    feats = _feats(seed, 300)
    monkeypatch.setattr(partition, "WIDE_SLABS", wide_slabs)
    monkeypatch.setattr(partition, "PLAN", plan)
    monkeypatch.setattr(blocking, "INDEX_CAP", cap)
    tasks = partition._pair_tasks(feats, 7)
    if plan == "apart":
        assert any(o[0].interval is not None and partition._days(o[0]) > 31
                   for o, _ in tasks)  # fmt: skip
    assert max(len(p) for _, p in tasks) <= cap
    found = sorted(p for t in tasks for p in partition._score_task(t))
    assert len(found) == len(set(found))  # each pair owned by one task
    assert found == sorted(edges(feats))
