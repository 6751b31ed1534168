"""A faster stand-in for spaCy's `attribute_ruler`, with the same rules and the same result.

In: the packaged pipeline's `AttributeRuler` (its rules: the tag map that gives each fine tag its
coarse POS and morphology, plus exceptions keyed by word, dependency or a following word). Out: a
component that sets the same POS, MORPH, LEMMA, TAG and DEP values on every token.

Why: spaCy's ruler runs a general `Matcher` over every token with all ~180 rules, which cost a
third as much as the parser itself (docs/BENCHMARKS.md, "Speed (issue 18)"). Every rule of the
packaged English model tests only a token's tag, lowercase form, dependency label and whether it
is a space, and the rules all match before any is applied; so the rules that hit a token depend
only on those four values (and, for the few two-token rules, the next token's). This component
works out, once per distinct combination, which rules hit and what they set, in the ruler's own
order (a later rule wins, as in `AttributeRuler.match`), then sets it with spaCy's own
`set_token_attrs`. A rule shape it does not know (another model's ruler) makes `copy_rules`
raise, and the pipeline keeps spaCy's ruler.
"""

# no `from __future__ import annotations`: spaCy's factory registry reads the annotations of
# `make_attribute_rules` as real types
import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from spacy.language import Language

__all__ = ["AttributeRules", "UnsupportedRule"]

FACTORY = "claimgraph_attribute_rules"
_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
Test = Callable[[tuple[Any, ...]], bool]
Attrs = dict[Any, Any]
#: per distinct (tag, lower, dep, is_space): the single-token rules that hit, what they set
#: together, the four values as strings, the two-token rules the token can open
Hits = tuple[tuple[tuple[int, Attrs], ...], Attrs, tuple[Any, ...], tuple[int, ...]]
#: token attribute read for each pattern key, in the order of the cache key
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class UnsupportedRule(ValueError):
    """An attribute-ruler pattern this component cannot evaluate exactly."""


def _predicate(key: str, spec: Any) -> Callable[[Any], bool]:
    """A test of one token value against one pattern value (as spaCy's Matcher reads it)."""
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise UnsupportedRule(f"{key}: {spec!r}")
        ((op, arg),) = spec.items()
        if op == "IN":
            values = frozenset(arg)
            return lambda v: v in values
        if op == "NOT_IN":
            values = frozenset(arg)
            return lambda v: v not in values
        if op == "REGEX" and key != "IS_SPACE":
            rx = re.compile(arg)
            return lambda v: rx.search(v) is not None
        raise UnsupportedRule(f"{key}: {spec!r}")
    if key == "IS_SPACE":
        if not isinstance(spec, bool):
            raise UnsupportedRule(f"{key}: {spec!r}")
        return lambda v: v is spec
    if not isinstance(spec, str):
        raise UnsupportedRule(f"{key}: {spec!r}")
    return lambda v: v == spec


def _token_test(tokpat: dict[str, Any]) -> Test:
    if not tokpat or set(tokpat) - _KEYS:
        raise UnsupportedRule(f"pattern keys {sorted(tokpat)}")
    tests = [(_FIELDS.index(k), _predicate(k, v)) for k, v in tokpat.items()]
    return lambda vals: all(test(vals[i]) for i, test in tests)


def _selector(tokpat: dict[str, Any]) -> tuple[int, tuple[Any, ...]] | None:
    """(field, values) such that the pattern can only hit a token whose field has one of the
    values; None when no field narrows it (the rule is then tried on every new combination)."""
    for k in ("TAG", "LOWER", "DEP"):
        v = tokpat.get(k)
        if isinstance(v, str):
            return _FIELDS.index(k), (v,)
        if isinstance(v, dict) and set(v) == {"IN"}:
            return _FIELDS.index(k), tuple(v["IN"])
    if tokpat.get("IS_SPACE") is True:
        return _FIELDS.index("IS_SPACE"), (True,)
    return None


def _merge(hits: Iterable[tuple[int, Attrs]]) -> Attrs:
    out: Attrs = {}
    for _, attrs in hits:
        out.update(attrs)
    return out


class AttributeRules:
    """Sets what a packaged `AttributeRuler` sets; see the module docstring."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        # (rule number, test, normalised attrs); two-token rules also say which token they set
        self._single: list[tuple[int, Test, Attrs]] = []
        self._double: list[tuple[int, Test, Test, int, Attrs]] = []
        self._cache: dict[tuple[int, ...], Hits] = {}
        # single rules by the value of a field that must hold for them to hit
        self._index: list[dict[Any, list[int]]] = [{} for _ in _FIELDS]
        self._always: list[int] = []
        self._strings: Any = nlp.vocab.strings
        # the lowercase forms some rule names or some rule's regex matches (by hash; None: a
        # LOWER test of another kind, so every form may matter): any other form hits exactly
        # what `_OTHER` hits, so the cache key carries `_OTHER` for it and the cache stays small
        # (the tag, dependency and space flag decide)
        self._lowers: dict[int, bool] | None = None
        self._lower_named: frozenset[str] = frozenset()
        self._lower_regexes: tuple[re.Pattern[str], ...] = ()
        self._other: int = self._strings.add(_OTHER)

    def copy_rules(self, ruler: Any) -> None:
        """Take the rules of a spaCy `AttributeRuler` (raises UnsupportedRule on a shape this
        component cannot evaluate exactly)."""
        single: list[tuple[int, Test, Attrs]] = []
        double: list[tuple[int, Test, Test, int, Attrs]] = []
        index_: list[dict[Any, list[int]]] = [{} for _ in _FIELDS]
        always: list[int] = []
        for n, rule in enumerate(ruler.patterns):
            attrs = ruler.attrs[n]
            index = ruler.indices[n]
            for pattern in rule["patterns"]:
                if len(pattern) == 1 and index in (0, -1):
                    sel = _selector(pattern[0])
                    if sel is None:
                        always.append(len(single))
                    else:
                        for v in sel[1]:
                            index_[sel[0]].setdefault(v, []).append(len(single))
                    single.append((n, _token_test(pattern[0]), attrs))
                elif len(pattern) == 2 and index in (0, 1, -1, -2):
                    first, second = _token_test(pattern[0]), _token_test(pattern[1])
                    double.append((n, first, second, index % 2, attrs))
                else:
                    raise UnsupportedRule(f"rule {n}: {len(pattern)} tokens, index {index}")
        self._single, self._double, self._cache = single, double, {}
        self._index, self._always = index_, always
        named = _named_lowers(ruler.patterns)
        self._lowers = None if named is None else {}
        if named is not None:
            self._lower_named, self._lower_regexes = named

    def _hits(self, key: tuple[int, int, int, int]) -> Hits:
        """The single-token rules that hit a token with these values (hashes of tag, lowercase
        form and dependency label, and the space flag), in rule order, and what they set
        together (a later rule's value wins, as when spaCy applies them in turn)."""
        got = self._cache.get(key)
        if got is None:
            s = self._strings
            vals = (s[key[0]], s[key[1]], s[key[2]], bool(key[3]))
            cands = set(self._always)
            for f, v in enumerate(vals):
                cands.update(self._index[f].get(v, ()))
            rules = (self._single[c] for c in sorted(cands))
            hits = tuple((n, attrs) for n, test, attrs in rules if test(vals))
            firsts = tuple(d for d, rule in enumerate(self._double) if rule[1](vals))
            got = (hits, _merge(hits), vals, firsts)
            if len(self._cache) < 500_000:
                self._cache[key] = got
        return got

    def _names(self, lower: int) -> bool:
        """Whether some rule's LOWER test can tell the form of hash `lower` from `_OTHER`."""
        form = self._strings[lower]
        return form in self._lower_named or any(rx.search(form) for rx in self._lower_regexes)

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        lowers, other = self._lowers, self._other
        if lowers is None:
            keys = [tuple(row) for row in rows]
        else:
            keys = []
            for t, w, d, sp in rows:
                named = lowers.get(w)
                if named is None:
                    named = lowers[w] = self._names(w)
                keys.append((t, w if named else other, d, sp))
        cache = self._cache
        found = [cache.get(k) or self._hits(k) for k in keys]
        merged = [f[1] for f in found]
        for i in range(len(found) - 1):
            for d in found[i][3]:  # two-token rules whose first token this one can be
                n, _, second, at, attrs = self._double[d]
                if second(found[i + 1][2]):
                    j = i + at
                    hits = tuple(sorted([*found[j][0], (n, attrs)], key=lambda h: h[0]))
                    merged[j] = _merge(hits)
                    found[j] = (hits, merged[j], found[j][2], found[j][3])
        for tok, attrs in zip(doc, merged):
            if attrs:
                set_token_attrs(tok, attrs)
        return doc


#: the lowercase form the cache key carries for every form no rule names (no word has it)
_OTHER = "\x00claimgraph:other-form"


def _named_lowers(
    patterns: Iterable[dict[str, Any]],
) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]] | None:
    """The lowercase forms the rules' LOWER tests name (equal to, IN or NOT_IN) and the regexes
    of their REGEX tests; None when a LOWER test is of another kind."""
    named: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for rule in patterns:
        for pattern in rule["patterns"]:
            for tokpat in pattern:
                spec = tokpat.get("LOWER")
                if spec is None:
                    continue
                if isinstance(spec, str):
                    named.add(spec)
                elif isinstance(spec, dict) and len(spec) == 1 and set(spec) <= {"IN", "NOT_IN"}:
                    named.update(next(iter(spec.values())))
                elif isinstance(spec, dict) and set(spec) == {"REGEX"}:
                    regexes.append(re.compile(spec["REGEX"]))
                else:
                    return None
    return frozenset(named), tuple(regexes)


@Language.factory(FACTORY)
def make_attribute_rules(nlp: Language, name: str) -> AttributeRules:
    return AttributeRules(nlp, name)


def use_fast_attribute_rules(nlp: Language) -> bool:
    """Put `AttributeRules` in place of `nlp`'s `attribute_ruler`; False (nothing changed) when the
    pipeline has none or its rules are of a shape the stand-in does not evaluate."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    old = nlp.get_pipe("attribute_ruler")
    probe = AttributeRules(nlp)
    try:
        probe.copy_rules(old)
    except UnsupportedRule:
        return False
    fast = cast(AttributeRules, nlp.add_pipe(FACTORY, after="attribute_ruler"))
    fast.copy_rules(old)
    nlp.remove_pipe("attribute_ruler")
    return True
