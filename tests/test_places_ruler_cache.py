"""The place ruler patterns are cached under a key of the gazetteer file: a gazetteer that
changes (a dump imported into it) gets patterns computed again."""

from __future__ import annotations

import os
from pathlib import Path

from claimgraph.places.ruler import _patterns_key


def test_places_ruler_patterns_key_follows_the_gazetteer_file(tmp_path: Path) -> None:
    gaz = tmp_path / "gazetteer-v6-0123456789.sqlite"
    gaz.write_bytes(b"index")
    os.utime(gaz, ns=(1_000_000_000, 1_000_000_000))
    first = _patterns_key(gaz)
    assert _patterns_key(gaz) == first
    os.utime(gaz, ns=(2_000_000_000, 2_000_000_000))  # `gazetteer add` wrote into it
    assert _patterns_key(gaz) != first
    other = tmp_path / "gazetteer-v6-9876543210.sqlite"  # other shipped tables or key code
    other.write_bytes(b"index")
    os.utime(other, ns=(1_000_000_000, 1_000_000_000))
    assert _patterns_key(other) != first
