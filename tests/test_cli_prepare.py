"""`claimgraph prepare` (issue 18): builds the first-use caches once; a second run builds
nothing. The real builds take ~30 s CPU (the gazetteer), so here the steps are stand-ins that
build a file into the cache folder the way `resources.cached_build` does (only when absent); the
real steps are measured in docs/BENCHMARKS.md and run by `.ci/run` (README's install line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimgraph.cli as cli
from claimgraph.cli import app

runner = CliRunner()


def _fake_steps(cache: Path, calls: list[str]) -> list[tuple[str, object]]:
    def build(name: str) -> object:
        def step() -> None:
            calls.append(name)
            path = cache / f"{name}.pkl"
            if not path.exists():
                cache.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"built")

        return step

    return [(f"the {n} (a test)", build(n)) for n in ("gazetteer", "registry")]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(folder))
    return folder


def test_prepare_builds_once_then_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(cli, "_prepare_steps", lambda embeddings: _fake_steps(cache, calls))
    first = runner.invoke(app, ["prepare"])
    assert first.exit_code == 0, first.output
    assert "built gazetteer.pkl" in first.output and "built registry.pkl" in first.output
    assert "2 file(s) written" in first.output
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}

    second = runner.invoke(app, ["prepare"])
    assert second.exit_code == 0, second.output
    assert second.output.count("already built") == 2 and "nothing to build" in second.output
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    assert calls == ["gazetteer", "registry"] * 2  # each step still loads what is there


def test_prepare_unwritable_cache_is_one_error_line(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> None:
        raise PermissionError(13, "Permission denied", str(cache))

    monkeypatch.setattr(cli, "_prepare_steps", lambda embeddings: [("the gazetteer (x)", fail)])
    result = runner.invoke(app, ["prepare"])
    assert result.exit_code == 3, result.output
    assert "error: could not prepare the gazetteer: PermissionError" in result.output
    assert "hint:" in result.output and "Traceback" not in result.output


def test_prepare_help_says_what_where_and_how_long() -> None:
    result = runner.invoke(app, ["prepare", "--help"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for words in ("gazetteer", "actor registry", "ACLED", "CLAIMGRAPH_CACHE", "first use", "CPU"):
        assert words in text, words


def test_prepare_byte_compiles_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("X = 1\n")
    (tmp_path / "sub" / "b.py").write_text("Y = 2\n")
    assert cli._compile_package(tmp_path) == "compiled 2 of 2 modules"
    assert len(list(tmp_path.rglob("*.pyc"))) == 2
    assert cli._compile_package(tmp_path) == "already compiled (2 modules)"
