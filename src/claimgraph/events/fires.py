"""What a trigger finder can fire on, declared next to the finder, and the dispatch built from it.

In: `Fires` records, one or more per finder of `events.triggers.FINDERS`: the lemmas, lower-case
forms and coarse parts of speech (spaCy `pos_`) of the token the finder starts from, such that on
any other token the finder answers None. Out: `Dispatch`, which gives for a token's (lemma, form,
pos) the finders that can answer there, in their order, so that `find_triggers` looks a token up
once instead of asking every finder about every token (issue 18).

A declaration must hold for the finder's whole code, not for the sentences seen so far: a
finder whose rule reads a word's dependency or its neighbours rather than the word itself (any
verb can be "in protest", any proper noun can be a word of a law's title) declares the parts of
speech only, with `why`. With `$CLAIMGRAPH_CHECK_FIRES=1` (set by tests/conftest.py)
`find_triggers` asks every finder, as before the dispatch, and raises `UndeclaredFire` when one
answers on a token its declarations leave out; so a rule added without its words fails the tests
that exercise it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: the parts of speech a finder after `_no_content_word` can see (events.triggers `_POS_CLASS`)
CONTENT = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
VERB = frozenset({"VERB"})
NOUN = frozenset({"NOUN"})
NOMINAL = frozenset({"NOUN", "PROPN"})
PREDICATE = frozenset({"VERB", "AUX"})


def check_mode() -> bool:
    """Whether `find_triggers` runs every finder and checks the declarations (tests)."""
    return os.environ.get("CLAIMGRAPH_CHECK_FIRES") == "1"


@dataclass(frozen=True)
class Fires:
    """A finder can answer on a token whose lemma is in `lemmas` or whose lower-case form is in
    `forms`, and whose part of speech is in `pos` (None: any) and not in `not_pos`. With neither
    `lemmas` nor `forms`, every token of those parts of speech: `why` must say why."""

    lemmas: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    pos: frozenset[str] | None = None
    not_pos: frozenset[str] = frozenset()
    why: str = ""

    def __post_init__(self) -> None:
        if not self.lemmas and not self.forms and not self.why:
            raise ValueError("a Fires with no lemmas and no forms must say why (`why`)")

    def holds(self, lem: str, low: str, pos: str) -> bool:
        """Whether a token with this lemma, lower-case form and pos passes the declaration."""
        if (self.pos is not None and pos not in self.pos) or pos in self.not_pos:
            return False
        return (not self.lemmas and not self.forms) or lem in self.lemmas or low in self.forms


def fires_on(*decls: Fires) -> Callable[[Any], Any]:
    """Decorator: attach the declarations `decls` to a trigger finder."""
    if not decls:
        raise ValueError("fires_on needs at least one Fires")

    def mark(finder: Any) -> Any:
        finder.fires = tuple(decls)
        return finder

    return mark


class UndeclaredFire(AssertionError):
    """A finder answered on a token its `Fires` declarations leave out."""


class Dispatch:
    """The finders of a sequence that can answer on a token, in order, by the token's lemma,
    lower-case form and part of speech: one bit per declaration, looked up by word and by pos."""

    def __init__(self, finders: Sequence[Any]) -> None:
        self.finders = tuple(finders)
        self._decls: list[tuple[int, Fires]] = []  # (finder index, declaration) per bit
        self._by_lemma: dict[str, int] = {}
        self._by_form: dict[str, int] = {}
        for k, finder in enumerate(self.finders):
            decls = getattr(finder, "fires", None)
            if not decls:
                name = getattr(finder, "__name__", repr(finder))
                raise UndeclaredFire(
                    f"trigger finder {name} declares no Fires: say what tokens it can "
                    "answer on (events.fires)"
                )
            for d in decls:
                bit = 1 << len(self._decls)
                self._decls.append((k, d))
                _add_bits(self._by_lemma, d.lemmas, bit)
                _add_bits(self._by_form, d.forms, bit)
        self._by_pos: dict[str, tuple[int, int]] = {}
        self._by_mask: dict[int, tuple[Any, ...]] = {}

    def _pos_bits(self, pos: str) -> tuple[int, int]:
        """(declarations whose pos condition `pos` passes, those of them with no words)."""
        ok = words_free = 0
        for b, (_, d) in enumerate(self._decls):
            if (d.pos is None or pos in d.pos) and pos not in d.not_pos:
                ok |= 1 << b
                if not d.lemmas and not d.forms:
                    words_free |= 1 << b
        self._by_pos[pos] = ok, words_free
        return ok, words_free

    def __call__(self, lem: str, low: str, pos: str) -> tuple[Any, ...]:
        """The finders that can answer on a token with this lemma, form and pos, in order."""
        got = self._by_pos.get(pos)
        ok, words_free = got if got is not None else self._pos_bits(pos)
        mask = ((self._by_lemma.get(lem, 0) | self._by_form.get(low, 0)) & ok) | words_free
        found = self._by_mask.get(mask)
        if found is None:
            ks = sorted({k for b, (k, _) in enumerate(self._decls) if mask >> b & 1})
            found = self._by_mask[mask] = tuple(self.finders[k] for k in ks)
        return found


def _add_bits(table: dict[str, int], words: Iterable[str], bit: int) -> None:
    for w in words:
        table[w] = table.get(w, 0) | bit
