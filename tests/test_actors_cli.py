"""`claimgraph actors` through typer's CliRunner on the actors app itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.actors.cli import app
from claimgraph.actors.registry import clear_cache

runner = CliRunner()


@pytest.fixture()
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "actors.jsonl"
    monkeypatch.setenv("CLAIMGRAPH_ACTORS", str(path))
    clear_cache()
    yield path
    clear_cache()


def _json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["Jaysh al-Islam", "Army of Islam", "Jaish al-Islam",
                                  "Liwa al-Islam", "جيش الإسلام"])  # fmt: skip
def test_actors_cli_resolve_jaysh(name: str, user_file: Path) -> None:
    res = runner.invoke(app, ["resolve", name])
    assert res.exit_code == 0, res.output
    out = _json(res.output)
    assert out["actor_id"] == "cg:jaysh-al-islam"
    assert out["sector"] == "REB" and out["country"] == "SYR" and out["matched_alias"]


def test_actors_cli_resolve_unknown_exits_1(user_file: Path) -> None:
    res = runner.invoke(app, ["resolve", "Qwzx Plonkers Brigade"])
    assert res.exit_code == 1 and _json(res.output)["actor_id"] is None


def test_actors_cli_search(user_file: Path) -> None:
    res = runner.invoke(app, ["search", "Syrian Observatory", "-n", "3"])
    assert res.exit_code == 0
    ids = [json.loads(line)["actor_id"] for line in res.output.strip().splitlines()]
    assert "cg:sohr" in ids


def test_actors_cli_add_alias_merge(user_file: Path) -> None:
    res = runner.invoke(app, ["add", "Qwzx Plonkers Brigade", "--sector", "REB", "--country",
                              "SYR", "--alias", "QPB"])  # fmt: skip
    assert res.exit_code == 0, res.output
    new_id = _json(res.output)["added"]
    assert user_file.exists()
    out = _json(runner.invoke(app, ["resolve", "QPB"]).output)
    assert out["actor_id"] == new_id and out["country"] == "SYR"
    res = runner.invoke(app, ["alias", new_id, "Plonkers of Qwzx"])
    assert res.exit_code == 0, res.output
    assert _json(runner.invoke(app, ["resolve", "Plonkers of Qwzx"]).output)["actor_id"] == new_id
    # merge it into Jaysh al-Islam: its names now resolve there
    res = runner.invoke(app, ["merge", new_id, "cg:jaysh-al-islam"])
    assert res.exit_code == 0, res.output
    out = _json(runner.invoke(app, ["resolve", "Qwzx Plonkers Brigade"]).output)
    assert out["actor_id"] == "cg:jaysh-al-islam"


def test_actors_cli_user_overrides_shipped(user_file: Path) -> None:
    refused = runner.invoke(app, ["add", "Syrian Observatory for Human Rights", "--id", "cg:sohr",
                                  "--sector", "NGO", "--country", "GBR"])  # fmt: skip
    assert refused.exit_code == 2 and "--replace" in refused.output
    runner.invoke(app, ["add", "Syrian Observatory for Human Rights", "--id", "cg:sohr",
                        "--sector", "NGO", "--country", "GBR", "--replace"])  # fmt: skip
    out = _json(runner.invoke(app, ["resolve", "SOHR"]).output)
    # the user's record replaces the shipped one (same id); SOHR is no longer an alias there
    out2 = _json(runner.invoke(app, ["resolve", "Syrian Observatory for Human Rights"]).output)
    assert out2["country"] == "GBR"
    assert out["actor_id"] in (None, "cg:sohr")


def test_actors_cli_bad_country(user_file: Path) -> None:
    res = runner.invoke(app, ["add", "X", "--country", "Narnia"])
    assert res.exit_code == 2 and "unknown country" in res.output
