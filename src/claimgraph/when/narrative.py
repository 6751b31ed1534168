"""A story's past told on: "Twenty-year-old Bilai Abdi was travelling one afternoon in 2017. ...
They never reached their destination, as the car hit a roadside bomb ..."

In: a document whose mentions the when stage has dated, with the nlp stage's parses. Out: undated
past-tense mentions in the sentences that follow a sentence dating its acts more than
`HISTORY_DAYS` before publication, with no date of their own and no present-tense framing,
re-dated to that past date: the narrative goes on in the time it set (HeidelTime's narrative
anchoring, within one paragraph). The run stops at a sentence with a time expression, a
present-tense main verb ("she says", "forces are still struggling") or a paragraph break.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

from claimgraph.model import Document, TimeRef
from claimgraph.when.background import clause_verbs, trigger_token
from claimgraph.when.resolver import resolve

#: a past this far before publication sets a narrative's time
HISTORY_DAYS = 365
_HAD = frozenset({"had", "was", "were", "'d"})


def _past(tok: Any) -> bool:
    for verb in clause_verbs(tok):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.tag_ == "VBD":
            return True
        return verb.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in _HAD for c in verb.children
        )
    return False


def _present_frame(sent: Any) -> bool:
    root = sent.root
    return root.tag_ in ("VBZ", "VBP", "MD") or any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP", "MD") for c in root.children
    )


def _old(d: TimeRef, pub: dt.date) -> bool:
    if d.type == "unresolved" or not d.value:
        return False
    try:
        v = dt.date.fromisoformat((d.end_value or d.value)[:10])
    except ValueError:
        return False
    if d.end_value:
        end = v
    elif d.granularity == "year":
        end = dt.date(v.year, 12, 31)
    elif d.granularity == "month":
        end = dt.date(v.year, v.month, calendar.monthrange(v.year, v.month)[1])
    else:
        end = v + dt.timedelta(days=6 if d.granularity == "week" else 0)
    return (pub - end).days > HISTORY_DAYS


def carry(doc: Document, expressions: Callable[[str], list[str]], pub: dt.date) -> None:
    """Re-date the undated past acts of a narrative's following sentences (module docstring)."""
    anchor: TimeRef | None = None
    prev_end = None
    for si, seg in enumerate(doc.segments):
        sdoc = doc._spacy.get(si)
        anchor = None  # a story is told within one segment
        if sdoc is None:
            continue
        for sent in sdoc.sents:
            text = sent.text
            start = seg.start + sent.start_char + len(text) - len(text.lstrip())
            end = seg.start + sent.start_char + len(text.rstrip())
            if prev_end is not None and "\n" in doc.text[prev_end:start]:
                anchor = None  # a new paragraph
            prev_end = end
            ms = [m for m in doc.mentions if start <= m.trigger.start < end]
            found = expressions(doc.text[start:end])
            if found:
                refs = [resolve(t, pub, "past") for t in found]
                past = not _present_frame(sent)  # "This marks a rise compared to 2019": no story
                anchor = refs[0] if past and all(_old(r, pub) for r in refs) else None
                continue
            if anchor is None or _present_frame(sent):
                anchor = None
                continue
            for m in ms:
                tok = trigger_token(doc, m)
                d = m.date
                if d is None or d.text or tok is None or not _past(tok):
                    continue
                m.date = anchor.model_copy(
                    update={"reason": f"narrative: the story's past told on ({anchor.reason})"}
                )
