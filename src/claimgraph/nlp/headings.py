"""Run-in subheadings: a page's subheading glued to the first sentence of its paragraph.

In: a spaCy Doc after the tagger, before the parser. Out: the same Doc with each run-in heading
made a sentence of its own (its first word starts a sentence, its other words do not, and the word
after it starts the next one), its token span listed in `doc.user_data[USER_DATA_KEY]`;
`is_heading(sent)` tells the later stages which sentences those are, so none reads a heading as a
claim.

Text that reaches us flattened (a JSONL field, a capture that joined paragraphs with spaces) runs
a page's subheadings into the next sentence: "... of the year. Recent attacks Since the beginning
of the year, the BLA has ...". The parser then reads one sentence whose subject is "Recent
attacks" ("US support crucial Aurangzeb, speaking Sunday, dismissed ..." gave the United States a
SUPPORT event). The shape is narrow, and that is the test:

- it opens a sentence (the segment's first word, or the word after a sentence end and any closing
  quote);
- two to `MAX_WORDS` words: the first capitalised, the rest lower-case words (hyphens and "and"
  allowed), none a pronoun, determiner, preposition, modal or wh-word (a heading is a noun phrase:
  "Notorious history", "Nuclear talk body", "The court");
- the word after it is a capitalised word that opens sentences (`STARTERS`: "The", "In", "Since",
  "According", ...), which mid-sentence is only ever the start of a name;
- a word the tagger reads as a verb ("BLA surges", "Chinese demand") is allowed only when what
  follows cannot be a name: "The" before a lower-case word, or a starter other than "The", "A",
  "An" ("Trump attacked The Wall Street Journal" is a sentence, not a heading), and never a verb
  of saying.

On the 89 VOA stories it finds 19 run-in headings and no sentence (the sentences it must leave
alone, such as "The case went before The Hague-based court" and "It's better I die", have a verb
or a function word before the capital).
"""

from __future__ import annotations

from typing import Any

__all__ = ["FACTORY", "USER_DATA_KEY", "MAX_WORDS", "STARTERS", "mark_headings", "is_heading"]

FACTORY = "claimgraph_run_in_headings"
USER_DATA_KEY = "claimgraph_run_in_headings"
MAX_WORDS = 5  # VOA subheadings are two to four words

#: capitalised words that open sentences and, mid-sentence, only names
STARTERS = frozenset(
    """The A An In On At Last After Before But When While This These Those It He She They We
    Some Many Most According Since During For As Earlier Later Meanwhile Despite However Still
    Now Today Yet Under With Unlike Although Though From Across Among""".split()
)
_NAME_STARTERS = frozenset({"The", "A", "An"})
_SENTENCE_END = frozenset(".!?")
_CLOSING_QUOTES = frozenset({"”", '"', "’", "'"})
#: tags a noun-phrase heading does not hold after its first word
_NOT_IN_HEADING = frozenset({"PRP", "PRP$", "WP", "WP$", "WDT", "WRB", "MD", "IN", "DT", "EX"})
#: tags its first word does not have
_NOT_FIRST = frozenset({"PRP", "PRP$", "WP", "WRB", "MD", "IN", "CC", "RB", "EX", "UH"})
_SAYING = frozenset(
    "say says said tell tells told write writes wrote add adds added note notes noted".split()
)


def _opens_sentence(doc: Any, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1].text
    if prev in _SENTENCE_END:
        return True
    return prev in _CLOSING_QUOTES and i > 1 and doc[i - 2].text in _SENTENCE_END


def _word(text: str) -> bool:
    return text.replace("-", "").isalpha()


def _heading_end(doc: Any, i: int) -> int | None:
    """The index of the starter after a run-in heading opening at token `i`, or None."""
    first = doc[i]
    if not (_word(first.text) and first.text[0].isupper()) or first.tag_ in _NOT_FIRST:
        return None
    verb = first.tag_.startswith("VB")
    for j in range(i + 1, min(i + MAX_WORDS, len(doc) - 1) + 1):
        tok = doc[j]
        if tok.text in STARTERS and j - i >= 2:
            after = doc[j + 1].text if j + 1 < len(doc) else ""
            name_may_follow = tok.text in _NAME_STARTERS and not (
                tok.text == "The" and after[:1].islower()
            )
            return None if verb and name_may_follow else j
        if not (_word(tok.text) and tok.text.islower()) or tok.text in _SAYING:
            return None
        if tok.tag_ in _NOT_IN_HEADING:
            return None
        verb = verb or tok.tag_.startswith("VB")
    return None


def mark_headings(doc: Any) -> Any:
    """The spaCy component: make each run-in heading a sentence of its own (see the module)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(doc) - 2:
        j = _heading_end(doc, i) if _opens_sentence(doc, i) else None
        if j is None:
            i += 1
            continue
        doc[i].is_sent_start = True
        for k in range(i + 1, j):
            doc[k].is_sent_start = False
        doc[j].is_sent_start = True
        spans.append((i, j))
        i = j
    if spans:
        doc.user_data[USER_DATA_KEY] = spans
    return doc


def is_heading(sent: Any) -> bool:
    """Whether a spaCy sentence span is a run-in heading `mark_headings` set apart."""
    spans = sent.doc.user_data.get(USER_DATA_KEY)
    return bool(spans) and (sent.start, sent.end) in spans
