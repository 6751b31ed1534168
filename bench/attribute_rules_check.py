"""Check that `nlp.attribute_rules` sets what spaCy's attribute_ruler sets, token by token.

    python bench/attribute_rules_check.py [FILE.jsonl|DIR|FILE.txt ...]

Parses the texts with the packaged model twice, once with spaCy's `attribute_ruler` and once with
our stand-in, and compares POS, tag, dependency, head, lemma, morphology and entities of every
token. Defaults to the VOA stories and the demo corpus. Exit status 1 when any token differs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import spacy

from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.nlp.attribute_rules import use_fast_attribute_rules
from claimgraph.resources import SPACY_DISABLE, SPACY_MODEL, data_path

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"
#: the rules for contractions, spaces and pronoun case, which news text seldom has
EDGE_CASES = [
    "I ain't gonna do it, y'all. Let's go, c'mon. There's nothin' here. It gets better; he got it.",
    "  \n\n Them    spaces.\tYou and I saw it and it saw you. Do you have it? I do. Is it? It is.",
]
ATTRS = ("pos_", "tag_", "dep_", "lemma_", "ent_type_", "ent_iob_")


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]] or [
        p for p in (VOA, data_path("demo", "voa_demo.jsonl")) if p.exists()
    ]
    texts = [r.text for r in read_paths(paths) if isinstance(r, RawDocument)] + EDGE_CASES
    theirs = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    ours = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    if not use_fast_attribute_rules(ours):
        print("the packaged attribute_ruler has rules the stand-in does not evaluate")
        return 1
    n = bad = 0
    t_theirs = t_ours = 0.0
    for text in texts:
        t0 = time.perf_counter()
        a = theirs(text)
        t1 = time.perf_counter()
        b = ours(text)
        t_ours += time.perf_counter() - t1
        t_theirs += t1 - t0
        for x, y in zip(a, b, strict=True):
            n += 1
            va = [getattr(x, k) for k in ATTRS] + [x.head.i, str(x.morph)]
            vb = [getattr(y, k) for k in ATTRS] + [y.head.i, str(y.morph)]
            if va != vb:
                bad += 1
                if bad <= 10:
                    print(f"{x.text!r}: {va} != {vb}")
    print(f"{len(texts)} texts, {n} tokens, {bad} differ; whole pipeline {t_theirs:.2f} s with "
          f"spaCy's attribute_ruler, {t_ours:.2f} s with ours")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
