"""A one-word place the tagger split from a person's name is no place (issue 14, stop 40):
"Cambodian journalist Mech Dara" put a Cambodian story's events in Syria (Dar'a)."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.model import RawDocument

pytestmark = pytest.mark.slow

_LEAD = "Rights groups welcomed the news on Thursday.\n\n"


def _places(pipe: Any, text: str) -> list[tuple[str, str | None]]:
    raw = RawDocument(id="t", uri="t", media_type="text/plain", text=_LEAD + text,
                      published="2025-03-10")  # fmt: skip
    doc = pipe(raw).document
    assert doc is not None
    return [(p.name, p.country) for p in doc.places]


def test_a_given_name_before_a_one_word_place_makes_it_a_surname(pipe: Any) -> None:
    found = _places(pipe, "Cambodian journalist Mech Dara was freed from prison in Phnom Penh.")
    assert all(country != "SY" for _name, country in found)
    assert ("Phnom Penh", "KH") in found


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Fighting continued around Port Sudan on Monday.", "Port Sudan"),
        ("The governor of Lamu said Kenyan troops patrolled near Mombasa.", "Mombasa"),
        ("President Ruto visited Nairobi on Monday.", "Nairobi"),
    ],
)
def test_places_after_place_words_titles_or_lower_case_words_stay(
    pipe: Any, text: str, place: str
) -> None:
    assert place in [name for name, _c in _places(pipe, text)]
