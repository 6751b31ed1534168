"""PLOVER type + modes -> ACLED event_type / sub_event_type, from `data/events/acled_map.tsv`.

`acled_for("ASSAULT", ["aerial"])` -> {"event_type": "Explosions/Remote violence",
"sub_event_type": "Air/drone strike"}. Types ACLED does not code (CONSULT, ACCUSE, ...) map to
None values. `actor_sector` (PLOVER sector of the first actor) splits territory capture into
government regains / non-state actor overtakes.
"""

from __future__ import annotations

import functools

from claimgraph.resources import data_path

GOV_SECTORS = frozenset({"GOV", "MIL", "PTY", "JUD", "LEG", "PRE", "SPY", "COP"})


@functools.lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[str, str, str]]:
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for line in data_path("events", "acled_map.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        out[(cols[0], cols[1])] = (cols[2], cols[3], cols[4] if len(cols) > 4 else "")
    return out


def lookup(event_type: str, modes: list[str] | tuple[str, ...], actor_sector: str | None = None):  # type: ignore[no-untyped-def]
    t = table()
    modes = list(modes or [])
    if event_type == "COERCE" and "seize" in modes and actor_sector in GOV_SECTORS:
        modes = ["seize-gov"] + modes
    for m in modes:
        if (event_type, m) in t:
            return t[(event_type, m)]
    return t.get((event_type, "*"))


def acled_for(
    event_type: str, modes: list[str] | tuple[str, ...], actor_sector: str | None = None
) -> dict[str, str | None]:
    hit = lookup(event_type, modes, actor_sector)
    if hit is None:
        return {"event_type": None, "sub_event_type": None}
    return {"event_type": hit[0], "sub_event_type": hit[1]}
