"""places: toponym detection and resolution against an offline GeoNames gazetteer.

Public API (all heavy data loads lazily, on first call):

- `PlaceStage()(doc)` fills `doc.places` (Place with start/end) from GPE/LOC/FAC entities and
  gazetteer matches;
- `resolve(name, country_hint=None) -> Place | None` for one name without document context;
- `ruler_patterns()` EntityRuler patterns for the nlp stage;
- `default_gazetteer()` the SQLite index (built on first use into $CLAIMGRAPH_CACHE).
"""

from __future__ import annotations

from claimgraph.model import Place
from claimgraph.places.gazetteer import Gazetteer, build_gazetteer, default_gazetteer
from claimgraph.places.ruler import ruler_patterns
from claimgraph.places.stage import Mention, PlaceStage, default_resolver, to_place

__all__ = [
    "PlaceStage",
    "resolve",
    "ruler_patterns",
    "Gazetteer",
    "build_gazetteer",
    "default_gazetteer",
]


def resolve(name: str, country_hint: str | None = None) -> Place | None:
    """The most likely place called `name` (optionally in ISO-2 `country_hint`), or None."""
    res = default_resolver()
    row = res.best(name, country_hint)
    if row is None:
        return None
    return to_place(row, Mention(0, len(name), name), res.gaz).model_copy(
        update={"start": None, "end": None}
    )
