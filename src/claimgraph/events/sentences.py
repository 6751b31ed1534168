"""Sentence-level helpers shared by the eval tasks: parse texts, pick the main event, type them.

In: plain sentences (or short snippets). Out: the candidates and the main PLOVER type per text,
using the same lexicon + parse rules the EventStage uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimgraph.events import extract as ex
from claimgraph.events.acled import lookup
from claimgraph.events.acled_cues import cues, lead_cues, role_cues
from claimgraph.nlp import bare_spacy


@dataclass
class Parsed:
    doc: Any  # spaCy Doc (or a Span parsed already: `acled_model.symbolic`)
    cands: list[tuple[Any, ex.Candidate]]  # (sentence span, candidate)

    def main(self) -> tuple[Any, ex.Candidate] | None:
        if not self.cands:
            return None
        return max(self.cands, key=lambda sc: sc[1].score)

    def main_type(self) -> str:
        """PLOVER type of the sentence: the main candidate, read as a promise/threat/refusal
        when it is planned or negated (see `extract.sentence_type`)."""
        m = self.main()
        return ex.sentence_type(m[0], m[1]) if m else "NONE"


def parse_many(texts: Iterable[str], batch_size: int = 64) -> list[Parsed]:
    nlp = bare_spacy()
    out = []
    for d in nlp.pipe(texts, batch_size=batch_size):
        cands = [(s, c) for s in d.sents for c in ex.find_triggers(s)]
        out.append(Parsed(d, cands))
    return out


VIOLENT_ORDER = ("ASSAULT", "COERCE", "PROTEST", "RETREAT", "AGREE", "MOBILIZE")


def acled_code(p: Parsed) -> str:
    """case2021-style ACLED sub-type code from the rules alone (OTHER when nothing maps)."""
    best = None
    for _s, c in p.cands:
        hit = lookup(c.entry.plover, c.modes)
        if hit is None:
            continue
        rank = VIOLENT_ORDER.index(c.entry.plover) if c.entry.plover in VIOLENT_ORDER else 9
        # a specific mode (aerial, explosives...) beats the generic ATTACK
        key = (rank, 0 if c.modes else 1, -c.score)
        if best is None or key < best[0]:
            best = (key, hit[2])
    return best[1] if best else "OTHER"


def features(p: Parsed) -> list[str]:
    """Symbolic features of a parsed text for a classifier: trigger types, modes, lemmas."""
    f: list[str] = []
    for s, c in p.cands:
        f.append(f"T_{c.entry.plover}")
        f.extend(f"M_{m}" for m in c.modes)
        f.append(f"L_{ex.lemma(s.doc[c.i])}")
    main = p.main()
    if main is not None:
        f.append(f"MAIN_{main[1].entry.plover}")
    f.append(f"ACLED_{acled_code(p)}")
    return f


def acled_features(p: Parsed, text: str) -> list[str]:
    """Rule features plus the ACLED sub-type cues (words and who-did-what-to-whom)."""
    return features(p) + cues(text) + role_cues(p.doc) + lead_cues(p.doc, text)
