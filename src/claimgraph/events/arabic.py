"""Arabic event triggers by lexicon (no Arabic parser is available offline).

In: an Arabic segment of a Document. Out: EventMentions (type, modes, trigger, evidence; roles are
left empty). `detect(text)` returns the PLOVER types a sentence triggers, for the arabic_event_gsr
eval.
"""

from __future__ import annotations

import hashlib
import re

from claimgraph.events.arabic_model import assault_sentences
from claimgraph.events.lexicon import ar_normalize, arabic
from claimgraph.model import Attribution, Document, EventMention, Evidence, Span
from claimgraph.text import ARABIC_WORD

_WORD = ARABIC_WORD
_SENT = re.compile(r"[^.!?؟\n]+[.!?؟]?")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك", "س")
_SUFFIXES = ("هما", "هم", "ها", "ات", "ون", "ين", "ه", "وا")
_NEG = ("لم", "لن", "لا", "ما", "نفى", "نفت", "ينفي", "تنفي", "عدم")


def _stems(word: str) -> list[str]:
    w = ar_normalize(word)
    out = [w]
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            out.append(w[len(p) :])
            for p2 in _PREFIXES:
                ww = w[len(p) :]
                if ww.startswith(p2) and len(ww) - len(p2) >= 2:
                    out.append(ww[len(p2) :])
    for s in list(out):
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) - len(suf) >= 3:
                out.append(s[: -len(suf)])
    return out


def find(text: str, max_tier: int = 2) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, PLOVER type, modes) of Arabic triggers in text; `max_tier=1` keeps only the
    stems precise enough to call a sentence an event on their own."""
    words = [(m.start(), m.end(), _stems(m.group())) for m in _WORD.finditer(text)]
    hits: list[tuple[int, int, str, tuple[str, ...]]] = []
    lex = arabic()
    for k, (s, e, stems) in enumerate(words):
        for stem, typ, modes, exact, tier in lex:
            if tier > max_tier:
                continue
            parts = stem.split()
            if len(parts) > 1:
                if k + len(parts) > len(words):
                    continue
                ok = all(
                    any(x == p or x.startswith(p) for x in words[k + j][2])
                    for j, p in enumerate(parts)
                )
                if ok:
                    hits.append((s, words[k + len(parts) - 1][1], typ, modes))
                    break
                continue
            if any((x == stem) if exact else x.startswith(stem) for x in stems):
                hits.append((s, e, typ, modes))
                break
    return hits


def matched_stems(text: str, typ: str) -> set[str]:
    """Every lexicon stem of type `typ` (any tier) that matches in text: for choosing stems by
    their precision on labelled data (see the arabic_event_gsr eval)."""
    words = [_stems(m.group()) for m in _WORD.finditer(text)]
    out: set[str] = set()
    for stem, t, _modes, exact, _tier in arabic():
        if t != typ:
            continue
        parts = stem.split()
        for k in range(len(words)):
            if len(parts) > 1:
                if k + len(parts) <= len(words) and all(
                    any(x == p or x.startswith(p) for x in words[k + j])
                    for j, p in enumerate(parts)
                ):
                    out.add(stem)
                    break
            elif any((x == stem) if exact else x.startswith(stem) for x in words[k]):
                out.add(stem)
                break
    return out


def detect(text: str, max_tier: int = 1, gate: bool = True) -> set[str]:
    """PLOVER types the sentence triggers, as the pipeline finds them: an ASSAULT trigger counts
    only when `arabic_model` also reads the sentence as an attack (`gate=False`: lexicon alone)."""
    types = {h[2] for h in find(text, max_tier)}
    if gate and "ASSAULT" in types and not _assault(text):
        types.discard("ASSAULT")
    return types


def _assault(sentence: str) -> bool:
    return assault_sentences([sentence])[0]


def arabic_mentions(doc: Document, si: int) -> list[EventMention]:
    seg = doc.segments[si]
    text = doc.segment_text(si)
    out: list[EventMention] = []
    for sm in _SENT.finditer(text):
        sent = sm.group()
        if not sent.strip():
            continue
        seen: set[str] = set()
        for s, e, typ, modes in find(sent, max_tier=1):
            if typ in seen:
                continue
            seen.add(typ)
            if typ == "ASSAULT" and not _assault(sent):
                continue
            a, b = seg.start + sm.start() + s, seg.start + sm.start() + e
            before = ar_normalize(sent[max(0, s - 12) : s]).split()
            negated = any(w in _NEG for w in before[-2:])
            h = hashlib.sha1(f"{doc.id}:{a}:{b}".encode()).hexdigest()[:16]
            lead = len(sent) - len(sent.lstrip())
            out.append(
                EventMention(
                    id=f"m_{h}",
                    document_id=doc.id,
                    event_type=typ,
                    mode=list(modes[:1]),
                    trigger=Span(start=a, end=b, text=doc.text[a:b]),
                    modality="negated" if negated else "asserted",
                    attribution=Attribution(stance="assert"),
                    evidence=Evidence(
                        text=sent.strip(),
                        segment=seg.kind.value,
                        start=seg.start + sm.start() + lead,
                        end=seg.start + sm.start() + lead + len(sent.strip()),
                    ),
                    confidence=0.6,
                )
            )
    return out
