"""The press as a story names it: outlets ("VOA", "the Associated Press", "VOA Albanian") and
their reporters. What the outlet does gathers the news (`non_events.news_gathering`); the outlet
a source speaks to is the audience, not the party an act is aimed at (`roles`).

In: a spaCy token. Out: whether it names an outlet or one of its reporters.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from claimgraph.events.lexicon import lemma
from claimgraph.resources import data_path

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["REPORTERS", "is_outlet", "outlets"]

#: outlets as a story names them: short forms, beside the names of data/clean/outlets.tsv
_OUTLET_SHORT = frozenset("voa ap afp reuters bbc cnn xinhua".split())
#: the people of an outlet who gather the news
REPORTERS = frozenset("reporter correspondent journalist interviewer".split())


@functools.lru_cache(maxsize=1)
def outlets() -> frozenset[str]:
    """Outlet names, lower-cased, without a leading "the"."""
    out = set(_OUTLET_SHORT)
    for line in data_path("clean", "outlets.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name = line.split("\t")[1].strip().lower()
        out.add(name.removeprefix("the "))
    return frozenset(out)


def is_outlet(n: Token) -> bool:
    """ "VOA", "the Associated Press", "VOA's Bosnian Service", "VOA Albanian", "a VOA reporter",
    "this reporter"."""
    names = outlets()
    words = [x.lower_ for x in n.subtree if x.i <= n.i and x.dep_ not in ("det", "punct", "case")]
    if " ".join(words) in names:
        return True
    if n.ent_type_ in ("NORP", "LANGUAGE") and any(
        c.dep_ == "compound" and c.lower_ in names for c in n.children
    ):
        return True  # a language service: "VOA Albanian", "BBC Persian"
    if lemma(n) not in REPORTERS | {"service"}:
        return False
    return any(
        (c.dep_ in ("poss", "compound", "nmod") and c.lower_ in names)
        or (c.dep_ == "det" and c.lower_ == "this")
        for c in n.children
    )
