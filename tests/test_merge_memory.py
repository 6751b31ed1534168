"""The merge driver's memory (issue 19): features made of shared values score as before, and the
packed shingle caches give the same source groups."""

from __future__ import annotations

import random
from dataclasses import fields

import pytest
from test_merge_blocking import _feats

from claimgraph.merge.features import Interner, MentionFeatures
from claimgraph.merge.score import score
from claimgraph.merge.sources import MinHash, _shingles_of, _signature_of, shingles


def _copy(f: MentionFeatures) -> MentionFeatures:
    """`f` rebuilt from new objects (as the store gives each mention its own), place offsets set."""
    place = None
    if f.place is not None:
        place = f.place.model_copy(update={"start": 7, "end": 12})
    return MentionFeatures(**{
        **{x.name: getattr(f, x.name) for x in fields(f)},
        "document_id": "".join(f.document_id),
        "words": frozenset("".join(w) for w in f.words),
        "names": frozenset(w[:1] + w[1:] for w in f.names),
        "place": place,
    })  # fmt: skip


def _equal_but_place_offsets(a: MentionFeatures, b: MentionFeatures) -> bool:
    for x in fields(a):
        u, v = getattr(a, x.name), getattr(b, x.name)
        if x.name == "place" and u is not None and v is not None:
            u = u.model_copy(update={"start": None, "end": None})
        if u != v or type(u) is not type(v):
            return False
    return True


@pytest.mark.parametrize("seed", range(3))
def test_merge_memory_interned_features_score_the_same(seed: int) -> None:
    feats = [_copy(f) for f in _feats(seed, 200)]
    shared = Interner()
    same = [shared.intern(f) for f in feats]
    for f, g in zip(feats, same, strict=True):
        assert _equal_but_place_offsets(f, g)
        assert g.place is None or (g.place.start, g.place.end) == (None, None)
    rng = random.Random(seed)
    for _ in range(3000):
        i, j = rng.randrange(len(feats)), rng.randrange(len(feats))
        assert score(feats[i], feats[j]) == score(same[i], same[j])


def test_merge_memory_interner_keeps_one_copy_of_each_value() -> None:
    feats = [_copy(f) for f in _feats(0, 200)]
    shared = Interner()
    same = [shared.intern(f) for f in feats]
    by_value: dict[object, int] = {}
    for g in same:
        values: list[object] = [g.words, g.document_id, g.actor_refs, *g.words]
        if g.place is not None:
            values.append(g.place.model_dump_json())
            assert by_value.setdefault(values[-1], id(g.place)) == id(g.place)
        for value in values[:-1] if g.place is not None else values:
            assert by_value.setdefault(value, id(value)) == id(value)
    # the store's copies were distinct objects, the interned ones are not
    assert len({id(f.document_id) for f in feats}) > len({id(g.document_id) for g in same})


def test_merge_memory_packed_shingles_are_the_shingles() -> None:
    text = "Jets struck the town of Douma on Friday, killing six fighters of the group. " * 3
    assert _shingles_of(text) == shingles(text)
    assert list(_signature_of(text).sig) == list(MinHash(shingles(text)).sig)
    assert MinHash(()).jaccard(MinHash(())) == 1.0
