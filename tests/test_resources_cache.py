"""The on-disk cache of first-use builds (`resources.cached_build`): built once, read back by a
later process, and a damaged or foreign file is built again with a log line, never a traceback."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from claimgraph import resources
from claimgraph.resources import cached_build, inputs_key


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Counter:
    """A build that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, list[int]]:
        self.calls += 1
        return {"built": [1, 2, 3]}


def test_resources_cache_builds_once_then_reads(cache: Path) -> None:
    build = Counter()
    assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert build.calls == 1
    assert [p.name for p in cache.iterdir()] == ["thing-k1.pkl"]  # no temporary file left


def test_resources_cache_new_key_builds_again(cache: Path) -> None:
    build = Counter()
    cached_build("thing", "k1", build, dict)
    cached_build("thing", "k2", build, dict)
    assert build.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file (a crash between create and write)
        b"not a pickle at all",
        None,  # truncated halfway
        pickle.dumps((("thing", "other-key", resources.CACHE_FORMAT), {"built": []})),
        pickle.dumps((("thing", "k1", resources.CACHE_FORMAT), ["a list, not a dict"])),
        pickle.dumps("no header"),
    ],
)
def test_resources_cache_damaged_file_is_rebuilt_with_a_log_line(
    cache: Path, caplog: pytest.LogCaptureFixture, damage: bytes | None
) -> None:
    build = Counter()
    cached_build("thing", "k1", build, dict)
    path = cache / "thing-k1.pkl"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2] if damage is None else damage)
    with caplog.at_level(logging.WARNING, logger="claimgraph.resources"):
        assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert build.calls == 2
    assert any("building it again" in r.getMessage() for r in caplog.records)
    # rewritten whole: the next process reads it without building
    assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert build.calls == 2


def test_resources_cache_unwritable_folder_still_builds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(blocker / "cache"))
    build = Counter()
    assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert cached_build("thing", "k1", build, dict) == {"built": [1, 2, 3]}
    assert build.calls == 2


def test_resources_cache_keeps_the_newest_few_of_a_kind(cache: Path) -> None:
    build = Counter()
    for i in range(8):
        cached_build("thing", f"k{i}", build, dict)
        os.utime(cache / f"thing-k{i}.pkl", (1000 + i, 1000 + i))
    cached_build("other", "k0", build, dict)
    names = sorted(p.name for p in cache.iterdir())
    assert names == ["other-k0.pkl", "thing-k4.pkl", "thing-k5.pkl", "thing-k6.pkl", "thing-k7.pkl"]


def test_resources_inputs_key_follows_content_not_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "data.txt").write_text("one")
    (b / "data.txt").write_text("one")
    assert inputs_key([a / "data.txt"]) == inputs_key([b / "data.txt"])
    (b / "data.txt").write_text("two")
    assert inputs_key([a / "data.txt"]) != inputs_key([b / "data.txt"])
    assert inputs_key([a / "missing.txt"]) != inputs_key([a / "data.txt"])
    assert inputs_key([a / "data.txt"], extra=["v1"]) != inputs_key([a / "data.txt"], extra=["v2"])
