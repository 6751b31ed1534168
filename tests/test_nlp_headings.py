"""A subheading run into its paragraph's first sentence is a sentence of its own, and no claim
(issue 14, stop 41): flattened text gave "Chinese demand The changes in ..." a REQUEST by China."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.model import RawDocument
from claimgraph.nlp import english_pipeline
from claimgraph.nlp.headings import is_heading

pytestmark = pytest.mark.slow


def _headings(text: str) -> list[str]:
    doc = english_pipeline(None)(text)
    return [s.text for s in doc.sents if is_heading(s)]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("It was quiet. Recent attacks Since the beginning of the year, the BLA has ramped up "
         "attacks.", "Recent attacks"),
        ("Prices rose. Chinese demand The changes in Japanese immigration policy have come with "
         "consequences.", "Chinese demand"),
        ("Talks ended. Trump approval During a visit by Starmer to the White House last month, "
         "Trump said he was open to a deal.", "Trump approval"),
        ("Few left.” Jobs and savings The wind farm is one of 300 in Spain.", "Jobs and savings"),
    ],
)  # fmt: skip
def test_nlp_headings_a_run_in_heading_is_its_own_sentence(text: str, heading: str) -> None:
    assert _headings(text) == [heading]


@pytest.mark.parametrize(
    "text",
    [
        "The case went before The Hague-based International Court of Justice.",
        "Trump attacked The Wall Street Journal for refusing to support his plans.",
        "It's better I die here of my hunger than go deep into the forest.",
        "Officials said The Guardian had the story first.",
        "Media watchdog RSF said the arrest was unjust.",
    ],
)
def test_nlp_headings_sentences_with_a_capital_inside_are_left_whole(text: str) -> None:
    assert _headings(text) == []


def test_nlp_headings_the_heading_states_no_event(pipe: Any) -> None:
    text = ("Tokyo has loosened its visa rules. Chinese demand The changes in Japanese "
            "immigration policy have come with consequences.")  # fmt: skip
    raw = RawDocument(id="h", uri="h", media_type="text/plain", text=text, published="2025-03-10")
    doc = pipe(raw).document
    assert doc is not None
    assert not any(m.evidence.text.startswith("Chinese demand") for m in doc.mentions)
