"""Meta-tests (issue 17): every command's --help, and every example of the README's usage section
run as written on the sample corpus (the bundled VOA stories), in a folder laid out as the README
assumes (`./articles/`, `./more.jsonl`, `../shared/`). Each must exit as documented, without a
traceback."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimgraph.places.gazetteer as gzmod
from claimgraph.actors.registry import clear_cache
from claimgraph.cli import app
from claimgraph.places.gazetteer import Gazetteer
from claimgraph.resources import data_path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
FIX = Path(__file__).parent / "fixtures"
runner = CliRunner()


def _all_commands(group=None, prefix=()):  # type: ignore[no-untyped-def]
    import typer.main

    group = group or typer.main.get_command(app)
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _all_commands(cmd, (*prefix, name))


@pytest.mark.parametrize("command", [" ".join(c) for c in _all_commands()])
def test_cli_readme_every_command_has_plain_help(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    usage = result.output.splitlines()[0]
    assert usage.startswith(f"Usage: claimgraph {command}"), usage
    assert "{" not in usage, usage
    assert not re.search(r"<(list\[|str>|int|float|text>|path>|bool>)", result.output, re.I), (
        result.output
    )
    assert (
        "--verbose" in result.output and "--quiet" in result.output and "--debug" in result.output
    )
    top = command.split()[0]
    assert f"claimgraph {top}" in README, f"`claimgraph {top}` is not in the README"


def _usage_examples() -> list[str]:
    block = README.split("## Usage", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = []
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()  # the README's comments
        if line.startswith("claimgraph "):
            lines.append(line)
    return lines


def test_cli_readme_usage_section_is_parsed() -> None:
    examples = _usage_examples()
    assert len(examples) >= 10 and all(e.startswith("claimgraph ") for e in examples)


def _sample_corpus(cwd: Path) -> None:
    """./articles/ and ./more.jsonl from the bundled sample: two stories as text files, the
    whole sample as JSONL (the demo's documents, so the demo's database already holds them)."""
    demo = data_path("demo", "voa_demo.jsonl")
    (cwd / "articles").mkdir()
    for i, line in enumerate(demo.read_text(encoding="utf-8").splitlines()[:2]):
        rec = json.loads(line)
        (cwd / "articles" / f"story{i}.txt").write_text(
            f"{rec.get('title') or ''}\n\n{rec['text']}\n", encoding="utf-8"
        )
    shutil.copy(demo, cwd / "more.jsonl")
    with zipfile.ZipFile(cwd / "allCountries.zip", "w") as zf:  # a (small) GeoNames dump
        zf.writestr(
            "allCountries.txt", (FIX / "places" / "geonames_cities.txt").read_text(encoding="utf-8")
        )


@pytest.mark.slow
def test_cli_readme_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    cwd = tmp_path / "work"
    cwd.mkdir()
    (tmp_path / "shared").symlink_to(shared_dir)  # `../shared/` as beside a clone
    _sample_corpus(cwd)
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    monkeypatch.setenv("CLAIMGRAPH_ACTORS", str(tmp_path / "actors.jsonl"))
    clear_cache()

    # the install line's `claimgraph demo`, as written; then `run` finds the same 40 stories stored
    demo = runner.invoke(app, ["demo"])
    assert demo.exit_code == 0 and "Traceback" not in demo.output, demo.output
    assert "Next, try:" in demo.output and "events from 40 stories" in demo.output
    for suffix in ("", "-wal", "-shm"):  # the file and its write-ahead log
        if (cwd / f"claimgraph-demo.db{suffix}").exists():
            shutil.copy(cwd / f"claimgraph-demo.db{suffix}", cwd / f"claimgraph.db{suffix}")

    # `gazetteer add` writes the user's gazetteer: here a scratch one, and a scratch cache
    scratch = Gazetteer(tmp_path / "scratch-gazetteer.sqlite")
    outputs = {}
    for line in _usage_examples():
        args = shlex.split(line)[1:]
        if args[0] == "gazetteer":
            monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
            monkeypatch.setattr(gzmod, "default_gazetteer", lambda: scratch)
        result = runner.invoke(app, args)
        outputs[line] = result
        assert "Traceback" not in result.output, (line, result.output)
        if args[:2] == ["show", "evt_3f2a"]:  # the README's stand-in for an id `events` printed
            assert result.exit_code == 2 and result.output.startswith("error: no event"), (
                line,
                result.output,
            )
        elif args[0] == "run":
            assert (
                result.exit_code == 0
                and "2 processed" in result.output
                and "40 already stored" in result.output
            ), result.output
        else:
            assert result.exit_code == 0, (line, result.output)
    assert (
        (cwd / "events.jsonl").exists()
        and (cwd / "events.csv").exists()
        and (cwd / "events.geojson").exists()
    )
    assert (
        json.loads(outputs['claimgraph actors resolve "Army of Islam"'].stdout)["actor_id"]
        == "cg:jaysh-al-islam"
    )
    assert (
        json.loads(
            outputs[
                "claimgraph eval boilerplate --data ../shared/eval/scrapinghub_aeb"
            ].stdout.splitlines()[-1]
        )["n"]
        > 0
    )

    # and `show` with an id `events` printed, as the README means it
    first = json.loads((cwd / "events.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"]
    shown = runner.invoke(app, ["show", first[:10]])
    assert shown.exit_code == 0 and first in shown.stdout and "source:" in shown.stdout, (
        shown.output
    )
