"""Meta-tests that keep the CLI honest: every command has --help and is in the README."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.store import Store

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
runner = CliRunner()


def _commands() -> list[str]:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    return names


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_has_help_and_is_documented(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"claimgraph {command}" in README


def test_cli_unknown_event_is_a_usage_error(db_url: str) -> None:
    Store(db_url).close()
    result = runner.invoke(app, ["show", "evt_nope", "--db", db_url])
    assert result.exit_code == 2 and "no event" in result.output


def test_cli_unknown_eval_task_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "nonsense", "--data", str(tmp_path)])
    assert result.exit_code == 2


def test_cli_missing_path_is_a_usage_error(db_url: str) -> None:
    result = runner.invoke(app, ["run", "/nonexistent/dir", "--db", db_url])
    assert result.exit_code == 2


@pytest.mark.slow
def test_cli_embeddings_without_weights_warns_and_runs(
    db_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.events import embed

    monkeypatch.setenv("CLAIMGRAPH_MINILM_DIR", str(tmp_path / "no-weights"))
    monkeypatch.delenv("CLAIMGRAPH_EMBEDDINGS", raising=False)
    embed._model.cache_clear()
    doc = tmp_path / "a.txt"
    doc.write_text("Soldiers shelled the village of Kafr Nabl on Monday, killing three people.\n")
    try:
        result = runner.invoke(app, ["run", str(doc), "--db", db_url, "-q", "--embeddings"])
    finally:
        embed._model.cache_clear()
        monkeypatch.delenv("CLAIMGRAPH_EMBEDDINGS", raising=False)
    assert result.exit_code == 0, result.output
    assert "needs the MiniLM weights" in result.output and "1 processed" in result.output
