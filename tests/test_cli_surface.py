"""Meta-tests that keep the CLI honest: every command has --help and is in the README."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

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
    result = runner.invoke(app, ["show", "evt_nope", "--db", db_url])
    assert result.exit_code == 2 and "no event" in result.output


def test_cli_unknown_eval_task_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "nonsense", "--data", str(tmp_path)])
    assert result.exit_code == 2


def test_cli_missing_path_is_a_usage_error(db_url: str) -> None:
    result = runner.invoke(app, ["run", "/nonexistent/dir", "--db", db_url])
    assert result.exit_code == 2
