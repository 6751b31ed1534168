"""Source independence: near-duplicate documents count as one source.

In: `MergeDoc`s. Out: a source group per document id (`src_` + short hash of the group's first
document id), so that a wire story, its syndicated copies and a forum post that pastes it are one
source.

Near-duplicates are found with MinHash over word 5-shingles (our own implementation: 128 seeded
64-bit hash functions, no dependency) and confirmed with shingle *containment*, because a forum
post that quotes a whole story plus twenty comments has a low Jaccard similarity with the story
but contains nearly all of it. Documents from the same outlet also share a group: an outlet that
updates or repeats its own story is not a second witness.

Grouping is union-find over pairs, so it does not depend on input order.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .docs import MergeDoc

__all__ = ["shingles", "MinHash", "source_groups", "containment", "NUM_PERM", "SHINGLE"]

SHINGLE = 5
NUM_PERM = 128
#: estimated Jaccard above which two texts are candidates (LSH-free: we compare within events)
JACCARD_CANDIDATE = 0.2
#: share of the shorter text's shingles found in the longer one: same story
CONTAINMENT_DUP = 0.6
#: texts shorter than this many shingles are too short to call duplicates
MIN_SHINGLES = 8

_MERSENNE = (1 << 61) - 1
_MAX = (1 << 64) - 1
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _perms() -> list[tuple[int, int]]:
    out = []
    for k in range(NUM_PERM):
        h = hashlib.blake2b(f"claimgraph-minhash-{k}".encode(), digest_size=16).digest()
        a, b = struct.unpack("<QQ", h)
        out.append((a % _MERSENNE | 1, b % _MERSENNE))
    return out


_PERMS = _perms()


def shingles(text: str, k: int = SHINGLE) -> frozenset[int]:
    """64-bit hashes of the word k-shingles of a text (lower-cased, punctuation ignored)."""
    toks = [t.lower() for t in _TOKEN.findall(text)]
    if len(toks) < k:
        grams = [" ".join(toks)] if toks else []
    else:
        grams = [" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)]
    return frozenset(
        struct.unpack("<Q", hashlib.blake2b(g.encode(), digest_size=8).digest())[0] for g in grams
    )


class MinHash:
    """A MinHash signature of a shingle set."""

    __slots__ = ("sig",)

    def __init__(self, sh: Iterable[int]) -> None:
        items = list(sh)
        # packed: 128 unsigned 64-bit values, 1 KB instead of 5.6 KB of Python ints
        if not items:
            self.sig: array[int] = array("Q", (_MAX,) * NUM_PERM)
            return
        self.sig = array("Q", (min((a * x + b) % _MERSENNE for x in items) for a, b in _PERMS))

    def jaccard(self, other: MinHash) -> float:
        return sum(1 for x, y in zip(self.sig, other.sig, strict=True) if x == y) / NUM_PERM


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) / len(small) if small else 0.0


def _group_id(first_doc: str) -> str:
    return "src_" + hashlib.sha1(first_doc.encode()).hexdigest()[:12]


def _norm_outlet(outlet: str | None) -> str | None:
    if not outlet:
        return None
    o = outlet.lower().strip()
    o = re.sub(r"^https?://", "", o)
    o = re.sub(r"^www\.", "", o)
    return o.strip("/ ") or None


# pure functions of a text, asked again for a document whose mentions fall in several parts of
# a partitioned merge (each part builds its own `_SourceIndex`): cached per process, as packed
# 64-bit arrays (issue 19: a synthetic story's ~250 shingles take 23.6 KB as a frozenset, 2.0 KB
# packed; its signature 5.0 KB as ints, 1.1 KB packed; the 8,192 stories of each cache were up to
# ~230 MB of the driver's memory), each part unpacking the few it compares
@functools.lru_cache(maxsize=8192)
def _packed_shingles(text: str) -> array[int]:
    return array("Q", sorted(shingles(text)))


def _shingles_of(text: str) -> frozenset[int]:
    return frozenset(_packed_shingles(text))


@functools.lru_cache(maxsize=8192)
def _signature_of(text: str) -> MinHash:
    return MinHash(_packed_shingles(text))


class _SourceIndex:
    """Caches shingles and signatures per document id across calls within one merge."""

    def __init__(self, docs: Mapping[str, MergeDoc]) -> None:
        self.docs = docs
        self._sh: dict[str, frozenset[int]] = {}
        self._mh: dict[str, MinHash] = {}

    def sh(self, doc_id: str) -> frozenset[int]:
        if doc_id not in self._sh:
            d = self.docs.get(doc_id)
            self._sh[doc_id] = _shingles_of(d.text) if d is not None else frozenset()
        return self._sh[doc_id]

    def mh(self, doc_id: str) -> MinHash:
        if doc_id not in self._mh:
            d = self.docs.get(doc_id)
            self._mh[doc_id] = _signature_of(d.text) if d is not None else MinHash(())
        return self._mh[doc_id]

    def duplicate(self, a: str, b: str) -> bool:
        oa = _norm_outlet(self.docs[a].outlet) if a in self.docs else None
        ob = _norm_outlet(self.docs[b].outlet) if b in self.docs else None
        if oa is not None and oa == ob:
            return True
        sa, sb = self.sh(a), self.sh(b)
        if min(len(sa), len(sb)) < MIN_SHINGLES:
            return False
        # both tests must pass: containment (one set intersection) first, then the MinHash
        # screen, whose signatures cost 128 passes over the shingles (issue 19: most pairs of a
        # busy month's events fail the first); a containment case has a low Jaccard, so screen
        # only the pairs of similar length with it
        if containment(sa, sb) < CONTAINMENT_DUP:
            return False
        small, big = sorted((len(sa), len(sb)))
        return not (big <= 2 * small and self.mh(a).jaccard(self.mh(b)) < JACCARD_CANDIDATE)

    def groups(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(doc_ids))
        parent = {d: d for d in ids}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                ra, rb = find(a), find(b)
                if ra != rb and self.duplicate(a, b):
                    parent[max(ra, rb)] = min(ra, rb)
        members: dict[str, list[str]] = defaultdict(list)
        for d in ids:
            members[find(d)].append(d)
        out: dict[str, str] = {}
        for ms in members.values():
            gid = _group_id(min(ms))
            for d in ms:
                out[d] = gid
        return out


def source_groups(
    docs: Mapping[str, MergeDoc], doc_ids: Iterable[str] | None = None
) -> dict[str, str]:
    """Map each document id to its source group id."""
    return _SourceIndex(docs).groups(docs.keys() if doc_ids is None else doc_ids)
