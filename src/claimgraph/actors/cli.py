"""`claimgraph actors ...`: look up and edit the actor registry.

Each command is a thin wrapper: lookups go through `claimgraph.actors.resolve_match` and
`Registry.search`; edits append one JSON line to the user registry file (`--registry`, or
`$CLAIMGRAPH_ACTORS`, default `~/.config/claimgraph/actors.jsonl`), which is read after the shipped
data and wins over it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Optional

import typer

from claimgraph.actors.registry import Registry, clear_cache, registry, user_registry_path
from claimgraph.text import countries

app = typer.Typer(
    help="Actor registry: resolve, search, add, alias, merge, build.", no_args_is_help=True
)

KINDS = ("org", "person", "group")

_RegistryOpt = typer.Option(None, "--registry", help="user registry file (JSONL)")


def _registry(path: Optional[Path]) -> Registry:
    if path is None:
        return registry()
    from claimgraph.actors.registry import _cached

    return _cached(str(path))


def _user_file(path: Optional[Path]) -> Path:
    return path if path is not None else user_registry_path()


def _append(path: Path, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    clear_cache()


def _echo_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


def _warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def _clashes(reg: Registry, names: list[str], actor_id: str) -> None:
    """Warn when a new name already names another actor: both keep it, and the registry's
    order (curated, user, then the public lists) decides which one it resolves to."""
    from claimgraph.actors import resolve_match

    for n in names:
        m = reg.lookup(n, fuzzy=False) or resolve_match(n, reg)
        if m is not None and m.how in ("exact", "translit") and m.actor.id != actor_id:
            _warn(f"{n!r} is already a name of {m.actor.name} ({m.actor.id}); it now names "
                  f"{actor_id} too, and may still resolve to {m.actor.id}")  # fmt: skip


@app.command()
def resolve(
    name: str = typer.Argument(..., metavar="NAME", help="A name or alias, either script."),
    registry_file: Optional[Path] = _RegistryOpt,
) -> None:
    """Print the actor NAME resolves to, as JSON (exit 1 when unknown)."""
    from claimgraph.actors import resolve_match

    reg = _registry(registry_file)
    m = resolve_match(name, reg)
    if m is None:
        _echo_json({"actor_id": None, "name": name, "sector": None, "country": None,
                    "matched_alias": None})  # fmt: skip
        raise typer.Exit(1)
    a = m.actor
    _echo_json({"actor_id": a.id, "name": a.name, "sector": a.sector, "country": a.country,
                "matched_alias": m.alias, "kind": a.kind, "wikidata": a.wikidata,
                "parent": a.parent, "how": m.how})  # fmt: skip


@app.command()
def search(query: str = typer.Argument(..., metavar="QUERY", help="Part of a name, either script."), limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many actors."),
           registry_file: Optional[Path] = _RegistryOpt) -> None:  # fmt: skip
    """Actors whose names best match QUERY, best first, one JSON object per line; `score` is
    the match quality (100: the name or an alias, in either script)."""
    reg = _registry(registry_file)
    for a, score in reg.search(query, limit=limit):
        _echo_json({"actor_id": a.id, "name": a.name, "sector": a.sector, "country": a.country,
                    "score": round(score, 1), "source": a.source})  # fmt: skip


def _slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "actor"


@app.command()
def add(
    name: str = typer.Argument(..., metavar="NAME", help="The actor's name."),
    sector: Optional[str] = typer.Option(
        None, help="PLOVER sector: GOV MIL REB COP IGO NGO JRN ..."
    ),
    country: Optional[str] = typer.Option(
        None, help="Country: ISO-3 (SYR), ISO-2 (SY) or English name; stored as ISO-3."
    ),
    kind: str = typer.Option("org", help=f"One of: {', '.join(KINDS)} (any case)."),
    alias: list[str] = typer.Option([], "--alias", "-a", help="another name (repeatable)"),
    parent: Optional[str] = typer.Option(None, help="parent/affiliation actor id"),
    wikidata: Optional[str] = typer.Option(None),
    actor_id: Optional[str] = typer.Option(None, "--id", help="default: user:<slug of NAME>"),
    replace: bool = typer.Option(
        False, "--replace", help="Replace the actor if the id exists (else it is an error)."
    ),
    registry_file: Optional[Path] = _RegistryOpt,
) -> None:
    """Add an actor to the user registry. An id that exists (shipped or added) is refused unless
    --replace; a name or alias that already names another actor is warned about."""
    if kind.strip().lower() not in KINDS:
        raise typer.BadParameter(
            f"unknown kind {kind!r}; one of: {', '.join(KINDS)}", param_hint="--kind"
        )
    if country is not None:
        country = _iso3(country)
    new_id = actor_id or f"user:{_slug(name)}"
    reg = _registry(registry_file)
    old = reg.get(new_id)
    if old is not None and not replace:
        raise typer.BadParameter(
            f"the actor {new_id} exists ({old.name}, {old.source}); add --replace to replace it, "
            "--id to add another, or `claimgraph actors alias` to give it more names",
            param_hint="NAME",
        )  # fmt: skip
    _clashes(reg, [name, *alias], new_id)
    rec = {"id": new_id, "name": name, "kind": kind.strip().lower(), "sector": sector,
           "country": country, "aliases": alias, "parent": parent, "wikidata": wikidata,
           "source": "user"}  # fmt: skip
    rec = {k: v for k, v in rec.items() if v not in (None, [])}
    _append(_user_file(registry_file), rec)
    _echo_json({"replaced" if old is not None else "added": rec["id"]})


def _iso3(value: str) -> str:
    """--country as an ISO-3 code (`claimgraph.text.countries`)."""
    c = countries.country(value)
    if c is None:
        raise typer.BadParameter(f"unknown country {value!r}: an ISO code (SYR, SY) or an English name",
                                 param_hint="--country")  # fmt: skip
    return str(c.alpha_3)


@app.command("alias")
def alias_cmd(actor: str = typer.Argument(..., metavar="ACTOR", help="actor id or a name that resolves"),
              names: list[str] = typer.Argument(..., metavar="NAMES", help="new aliases"),
              registry_file: Optional[Path] = _RegistryOpt) -> None:  # fmt: skip
    """Add aliases to an actor (shipped or user)."""
    reg = _registry(registry_file)
    a = reg.get(actor)
    if a is None:
        from claimgraph.actors import resolve_match

        m = resolve_match(actor, reg)
        a = m.actor if m else None
    if a is None:
        raise typer.BadParameter(
            f"unknown actor {actor!r} (`claimgraph actors search` finds ids)", param_hint="ACTOR"
        )
    _clashes(reg, list(names), a.id)
    _append(_user_file(registry_file), {"op": "alias", "id": a.id, "aliases": list(names)})
    _echo_json({"actor_id": a.id, "aliases_added": list(names)})


@app.command()
def merge(actor: str = typer.Argument(..., metavar="ACTOR", help="actor id to merge away"),
          into: str = typer.Argument(..., metavar="INTO", help="actor id that remains"),
          registry_file: Optional[Path] = _RegistryOpt) -> None:  # fmt: skip
    """Merge ACTOR into INTO: its names become aliases of INTO, its id redirects there."""
    reg = _registry(registry_file)
    a, b = reg.get(actor), reg.get(into)
    if a is None or b is None:
        raise typer.BadParameter(
            f"unknown actor {actor if a is None else into!r} (`claimgraph actors search` finds ids)"
        )
    _append(_user_file(registry_file), {"op": "merge", "id": a.id, "into": b.id})
    _echo_json({"merged": a.id, "into": b.id})


@app.command()
def build(src: Path = typer.Option(Path("../shared/data"), help="folder with the actor lists"),
          out: Optional[Path] = typer.Option(None, help="output file")) -> None:  # fmt: skip
    """Rebuild the shipped sources.jsonl.gz from the public actor lists."""
    from claimgraph.actors.build import main

    args = ["--src", str(src)] + (["--out", str(out)] if out else [])
    raise typer.Exit(main(args))
