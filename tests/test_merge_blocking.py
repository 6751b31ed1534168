"""Blocking of the merge's first pass (merge/blocking.py): the upper bound never lies, and the
area index finds every candidate pair that could score."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from claimgraph.merge import blocking
from claimgraph.merge.blocking import (
    AreaIndex,
    UpperBound,
    _may_pair,
    _role_summary,
    _summary_score,
    edges,
    edges_touching,
    upper_bound,
)
from claimgraph.merge.cluster import candidate_pairs
from claimgraph.merge.features import MentionFeatures
from claimgraph.merge.score import _role_score, score, type_block
from claimgraph.model import Place

TYPES = ["ASSAULT", "COERCE", "AGREE", "COOPERATE", "RETREAT", "PROTEST", "ACCUSE", "REQUEST"]
NAMES = ["alloush", "allouch", "aleppo", "ahrar", "douma", "doumar", "army", "russia", "idlib"]
WORDS = ["strike", "killed", "deal", "town", "fighters", "evacuation", "rebels", "jets"]


#: role fillers by key: (ISO-3 country, sector, resolved), as the actors stage gives them
KEYS = {
    "k1": ("SYR", "MIL", True), "k2": ("RUS", "MIL", True), "k3": ("SYR", "REB", True),
    "k4": ("SYR", "GOV", True), "k5": ("", "", False), "k6": ("RUS", "GOV", True),
}  # fmt: skip


def _ref(rng: random.Random) -> tuple[str, str | None, str | None, bool, frozenset[str]]:
    key = rng.choice(sorted(KEYS))
    country, sector, resolved = KEYS[key]
    words = frozenset(rng.sample(NAMES, rng.randrange(3)))
    return (key, country or None, sector or None, resolved, words)


def _feature(rng: random.Random, i: int) -> MentionFeatures:
    gran = rng.choice(["day", "day", "day", "week", "month", "year"])
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(60))
    length = {"day": 0, "week": 6, "month": 29, "year": 364}[gran]
    interval = None if rng.random() < 0.1 else (start, start + timedelta(days=length))
    place = None
    if rng.random() < 0.75:
        town = rng.randrange(6)
        place = Place(
            name=f"T{town}", geonames_id=rng.choice([None, town + 1]),
            lat=rng.choice([None, 33 + town * 0.05]), lon=36.0,
            admin1=rng.choice([None, "A1", "A2"]), country=rng.choice([None, "SY", "SY", "IQ"]),
            precision=rng.choice(["town", "exact", "region", "country"]),
        )  # fmt: skip
    return MentionFeatures(
        id=f"m{i:04d}", document_id=f"d{rng.randrange(12)}", event_type=rng.choice(TYPES),
        modes=frozenset(rng.sample(["airstrike", "deport", "shelling"], rng.randrange(3))),
        interval=interval, date_from_doc=rng.random() < 0.2, granularity=gran, place=place,
        country=place.country.upper() if place is not None and place.country else None,
        actors=frozenset(), recipients=frozenset(), trigger=rng.choice(["attack", "strike", ""]),
        words=frozenset(rng.sample(WORDS, rng.randrange(1, 6))),
        dead=rng.choice([None, None, 3, 4, 18]),
        actor_refs=tuple(_ref(rng) for _ in range(rng.randrange(3))),
        recipient_refs=tuple(_ref(rng) for _ in range(rng.randrange(3))),
        modality=rng.choice(["asserted", "asserted", "planned"]),
        names=frozenset(rng.sample(NAMES, rng.randrange(4))), denied=rng.random() < 0.1,
        actors_open=rng.random() < 0.1, recipients_open=rng.random() < 0.1,
    )  # fmt: skip


def _feats(seed: int, n: int = 160) -> list[MentionFeatures]:
    rng = random.Random(seed)
    return sorted((_feature(rng, i) for i in range(n)), key=lambda f: f.id)


@pytest.mark.parametrize("seed", range(4))
def test_merge_blocking_upper_bound_is_never_under_the_score(seed: int) -> None:
    feats = _feats(seed)
    cached = UpperBound()
    scored = 0
    for i, j in candidate_pairs(feats):
        a, b = feats[i], feats[j]
        s, bound = score(a, b), upper_bound(a, b)
        assert cached(a, b) == bound
        if bound is None:
            assert s is None, (a, b)
        elif s is not None:
            scored += 1
            assert s <= bound + 1e-12, (s, bound, a, b)
    assert scored > 500  # the generator makes pairs that score, not only vetoes


@pytest.mark.parametrize("seed", range(4))
def test_merge_blocking_area_index_owns_each_candidate_pair_of_one_area_once(seed: int) -> None:
    feats = _feats(seed, 240)
    want = {
        (feats[i].id, feats[j].id)
        for i, j in candidate_pairs(feats)
        if feats[i].country is None
        or feats[j].country is None
        or feats[i].country == feats[j].country
    }
    got: list[tuple[str, str]] = []
    blocks: dict[str, list[MentionFeatures]] = {}
    for f in feats:
        blocks.setdefault(type_block(f.event_type), []).append(f)
    for block in blocks.values():
        index = AreaIndex(block)
        for a in block:
            got.extend((min(a.id, b.id), max(a.id, b.id)) for b in index.owned(a))
    assert len(got) == len(set(got))  # each pair once
    assert set(got) == want


@pytest.mark.parametrize("seed", range(4))
def test_merge_blocking_role_summaries_give_role_score(seed: int) -> None:
    # the bound reads `_role_score` through per-mention summaries: the same value on any fillers
    rng = random.Random(seed)
    for _ in range(400):
        x = tuple(_ref(rng) for _ in range(rng.randrange(4)))
        y = tuple(_ref(rng) for _ in range(rng.randrange(4)))
        assert _summary_score(_role_summary(x), _role_summary(y)) == _role_score(x, y)


def test_merge_blocking_type_prefilter_passes_over_only_pairs_the_bound_rejects() -> None:
    feats = _feats(7, 400)
    for a in feats[:80]:
        for b in feats:
            if not _may_pair(a.event_type, b.event_type):
                assert upper_bound(a, b) is None and score(a, b) is None, (a, b)


@pytest.mark.parametrize(("seed", "cap"), [(0, 10_000), (1, 9), (2, 50)])
def test_merge_blocking_edges_touching_are_the_edges_with_a_changed_side(
    seed: int, cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the block indexed in pieces of at most INDEX_CAP finds the same pairs as in one piece
    monkeypatch.setattr(blocking, "INDEX_CAP", cap)
    feats = _feats(seed, 200)
    changed = {f.id for f in random.Random(seed).sample(feats, 30)}
    want = {e for e in edges(feats) if e[0] in changed or e[1] in changed}
    assert want
    assert edges_touching(feats, changed) == want
