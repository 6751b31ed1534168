"""Words of negative evaluation from a general-purpose sentiment lexicon (issue 14, stop 30).

In: a word (its lower-case form and its lemma). Out: whether the word is a negative evaluation
of what it is said of, for the evaluative accusations of `events.blame`.

The lexicon is VADER's (`vaderSentiment` on PyPI, MIT licence: Hutto & Gilbert 2014,
`vader_lexicon.txt`, ~7,500 words and emoticons, each with the mean valence of 10 raters on
-4..+4). It was not written from any story of ours, so it does not fit the read stories'
phrasings. It is read once, on first use (`functools.lru_cache`), so importing costs nothing.

Negative valence alone is not evaluation; VADER lacks the distinction between judging a party
and describing what happens or what is felt, which the caller (`events.blame`) adds by passing
`excluded`: words of events (the trigger lexicon's lemmas: "attack", "threat"), harms and their
toll ("death", "terrorism"), states ("afraid", "poor", "suffering": what befalls or is felt by
the one they are said of) and words of dispute ("argument", "tensions"); participles
("devastated", "trapped") are left out by the token's form.

THRESHOLD (-1.5 of -4..+4) was chosen on documents, not words (docs/BENCHMARKS.md, "stop 30"):
on the read fixtures, the dev pool and the seeds -1.0, -1.5 and -2.0 change the same single
trigger; on 1,035 other English news articles -1.0 adds 3 triggers to -1.5's one (1 right, 2
wrong: "Iraqis are often reluctant", "fire fighters are still unclear": states) and -2.0 fires
like -1.5. Between -2.0 and -1.5 about half the words judge conduct ("irresponsible" -1.9,
"reckless" -1.7, "lies" -1.8, "intimidation" -1.8), between -1.5 and -1.0 about a third (a
random sample of 60 words of each band, read).
"""

from __future__ import annotations

import functools
from importlib import resources

#: mean valence at or below which a word is negative enough to condemn (VADER's -4..+4 scale)
THRESHOLD = -1.5


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's words (letters and hyphens only: no emoticons) and their mean valence."""
    text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].replace("-", "").isalpha():
            out[cols[0]] = float(cols[1])
    return out


def valence(word: str) -> float | None:
    """VADER's mean valence of `word` (lower case), None when VADER does not list it."""
    return _lexicon().get(word)


def negative(forms: set[str], excluded: frozenset[str] = frozenset()) -> bool:
    """Whether one of a word's `forms` (its lower-case form, its lemma) is at or below THRESHOLD
    and none of them is `excluded` (events, harms, states)."""
    if forms & excluded:
        return False
    lex = _lexicon()
    return any(lex.get(f, 0.0) <= THRESHOLD for f in forms)
