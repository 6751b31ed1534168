"""The kinds of name the gazetteer's `names` table stores (its `kind` column).

Shared by the index (`gazetteer`) and the dump importer (`dumps`), which writes rows into it, so
that neither has to import the other to agree on them.
"""

from __future__ import annotations

__all__ = ["KIND_ABBR", "KIND_ALT", "KIND_CURATED", "KIND_DEMONYM", "KIND_PRIMARY"]

KIND_PRIMARY, KIND_ALT, KIND_CURATED, KIND_ABBR, KIND_DEMONYM = 0, 1, 2, 3, 4
