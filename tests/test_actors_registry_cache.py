"""The shipped actor registry is indexed once and read back from the cache folder: the index a
later process loads is the one it would build, and the user's file is applied on top of it."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from claimgraph.actors.registry import (
    Registry,
    clear_cache,
    registry,
    shipped_key,
    shipped_registry,
)


def _snapshot(reg: Registry) -> tuple:
    return (
        list(reg.actors),
        reg.redirect,
        reg._exact,
        reg._translit,
        reg._skeleton,
        reg.demonyms,
        reg.ar_adjectives,
        reg.country_names,
    )


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAIMGRAPH_ACTORS", str(tmp_path / "actors.jsonl"))
    clear_cache()
    yield tmp_path / "cache"
    clear_cache()


def test_actors_registry_cached_index_is_the_built_one(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fresh = Registry.load(user_file=Path("/nonexistent"))
    first = registry()  # builds and writes the cache
    assert (cache / f"actor-registry-{shipped_key()}.pkl").exists()
    clear_cache()
    with caplog.at_level(logging.INFO, logger="claimgraph.resources"):
        second = registry()  # read back
    assert not any("built the" in r.getMessage() for r in caplog.records)
    assert second is not first
    assert _snapshot(fresh) == _snapshot(first) == _snapshot(second)
    for name in ("Army of Islam", "Russian warplanes", "الجيش السوري", "Hizballah"):
        assert first.lookup(name) == second.lookup(name), name


def test_actors_registry_user_file_applies_on_top_of_the_cache(cache: Path, tmp_path: Path) -> None:
    registry()
    (tmp_path / "actors.jsonl").write_text(
        json.dumps(
            {"id": "user:test-brigade", "name": "Test Brigade of the Valley", "kind": "group"}
        )
        + "\n",
        encoding="utf-8",
    )
    clear_cache()
    reg = registry()
    match = reg.lookup("Test Brigade of the Valley")
    assert match is not None and match.actor.id == "user:test-brigade"
    # the shipped index on disk is not touched by the user's records
    assert "user:test-brigade" not in shipped_registry().actors


def test_actors_registry_corrupt_cache_is_rebuilt(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    registry()
    path = cache / f"actor-registry-{shipped_key()}.pkl"
    path.write_bytes(path.read_bytes()[:1000])
    clear_cache()
    with caplog.at_level(logging.WARNING):
        reg = registry()
    assert len(reg) > 1000
    assert any("building it again" in r.getMessage() for r in caplog.records)
