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


def test_the_surname_of_a_person_named_in_full_is_no_place(pipe: Any) -> None:
    # GeoNames has "Berisha" for Breese, a small town in Illinois
    text = ("The United States sanctioned former Albanian Prime Minister Sali Berisha. "
            "Berisha rejected the allegations on Thursday in Tirana.")  # fmt: skip
    found = _places(pipe, text)
    assert all(country != "US" or name == "United States" for name, country in found)
    assert ("Tirana", "AL") in found


def test_a_sizeable_place_that_is_also_a_surname_stays(pipe: Any) -> None:
    text = ("The actor Denzel Washington spoke at the event. "
            "Officials in Washington said the talks would resume.")  # fmt: skip
    assert "Washington" in [name for name, _c in _places(pipe, text)]
