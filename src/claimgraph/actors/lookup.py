"""One name, no document around it, looked up in the actor registry.

In: a name ("Jaysh al-Islam fighters"). Out: `resolve_match`, the registry `Match` (the name as
given, else without a trailing member noun: "fighters", "forces"...), and `resolve`, the
`ActorRef` of that match. The actors stage reads names in context (`stage`); the events stage
gets `resolve` handed in by `pipeline.default_stages()`; the CLI and the web app's actor filter
use `resolve_match`.
"""

from __future__ import annotations

import re

from claimgraph.actors.registry import Match, Registry, registry
from claimgraph.model import ActorRef

__all__ = ["resolve", "resolve_match"]

_MEMBER_NOUNS = re.compile(
    r"\s+(?:fighters?|militants?|members?|forces|troops|gunmen|units?|militiamen|"
    r"jihadists?|rebels?|supporters|loyalists|positions|commanders?)$",
    re.I,
)


def resolve_match(name: str, reg: Registry | None = None) -> Match | None:
    """The registry match for one name (no document context), or None."""
    reg = reg or registry()
    m = reg.lookup(name)
    if m is None:
        head = _MEMBER_NOUNS.sub("", name.strip())
        if head != name.strip() and head:
            m = reg.lookup(head)
    return m


def resolve(name: str) -> ActorRef | None:
    """Resolve one name to a registry actor (exact, transliteration, demonym, fuzzy)."""
    m = resolve_match(name)
    if m is None:
        return None
    return m.actor.ref(matched_alias=m.alias)
