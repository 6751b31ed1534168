"""Country names and codes as people type them -> one country.

In: a value given for a country ("SY", "syr", "Syria", "Turkey"). Out: `country(value)`,
pycountry's record of it (`alpha_2`, `alpha_3`, `name`), or None for a value that names no
country. Two letters are read as an ISO-2 code, three as an ISO-3 code, anything else as an
English name (pycountry's names, and the former names in wide use it no longer knows).

Every option and parameter that takes a country reads it through this one function:
`cli_common.country_code` (the commands' --country), the actor and place commands' --country
and the web API's `country` filter; each says "unknown" in its own words. pycountry is imported
on first use, so importing this module costs nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["country"]

#: English names in wide use that pycountry no longer knows (it has Türkiye, Czechia...)
FORMER_NAMES = {"turkey": "TR", "czech republic": "CZ", "ivory coast": "CI", "burma": "MM", "swaziland": "SZ",
                "macedonia": "MK", "cape verde": "CV", "east timor": "TL", "holland": "NL"}  # fmt: skip


def country(value: str) -> Any | None:
    """pycountry's country for an ISO-2 or ISO-3 code (any case) or an English name; None if
    the value names none."""
    import pycountry

    v = value.strip()
    try:
        if len(v) == 2 and v.isalpha():
            return pycountry.countries.get(alpha_2=v.upper())
        if len(v) == 3 and v.isalpha():
            return pycountry.countries.get(alpha_3=v.upper())
        return pycountry.countries.get(
            alpha_2=FORMER_NAMES.get(v.casefold(), "")
        ) or pycountry.countries.lookup(v)
    except LookupError:
        return None
