"""The place a sentence states for its event (issue 14): a locative phrase on the event's clause
(or fronted before its sentence's subject) wins over a country (or an unresolved name) that the
locator or its fallback ranked first. Sentences written for the test."""

from __future__ import annotations

import pytest

from claimgraph.events.location import stated_place
from claimgraph.model import Document, Place

from sentences import mentions


def _parsed(text: str) -> Document:
    from claimgraph.model import Segment, SegmentKind
    from claimgraph.nlp import bare_spacy

    doc = Document(id="p", uri="p", text=text,
                   segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")])  # fmt: skip
    doc._spacy[0] = bare_spacy()(text)
    return doc


def _at(text: str, name: str) -> Place:
    s = text.index(name)
    return Place(name=name, start=s, end=s + len(name), country="XX")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "place", "stated"),
    [
        # on the trigger, on its clause's verb, through "the towns of X and Y"
        ("Negotiators from Norway and Chile began talks in Lisbon on Tuesday.", "talks", "Lisbon", True),
        ("Their third meeting was in March in Nairobi.", "meeting", "Nairobi", True),
        ("Police broke up a smuggling ring in the Italian towns of Bari and Lecce.", "broke", "Lecce", True),
        ("Militants attacked a convoy near Gao on Friday.", "attacked", "Gao", True),
        ("Early on Sunday, in Quito, two ministers led a delegation in calling for calm.", "calling", "Quito", True),
        # origin, counterpart, a fronted place of the speaking, a place of another clause
        ("Negotiators from Norway and Chile began talks in Lisbon on Tuesday.", "talks", "Norway", False),
        ("In Ottawa, officials said drones struck a depot in Odesa.", "struck", "Ottawa", False),
        ("In Ottawa, officials said drones struck a depot in Odesa.", "struck", "Odesa", True),
        ("The minister met envoys who had fought in Angola.", "met", "Angola", False),
        ("Rebels raided two villages near the Chad border.", "raided", "Chad", False),
        ("Ghana has never condemned the coup, and their partnership, from drills near the port of Tema to votes in the U.N., has helped the junta.", "condemned", "Tema", False),
    ],
)  # fmt: skip
def test_stated_place_is_a_locative_on_the_events_clause(
    text: str, trigger: str, place: str, stated: bool
) -> None:
    try:
        doc = _parsed(text)
    except OSError:
        pytest.skip("spaCy model not installed")
    assert stated_place(doc, text.index(trigger), _at(text, place)) is stated


@pytest.mark.slow
def test_a_fronted_place_frames_the_act_of_its_sentence(pipe) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Meanwhile, in Madrid, three members of the "
        "Spanish parliament — Ana Ruiz, Luis Gil and Eva Sanz — led a group of nine other "
        "lawmakers in calling on Foreign Minister Jose Albares to prevent further deterioration "
        "in Peru."
    )
    asks = [m for m in mentions(pipe, text) if m.event_type == "REQUEST"]
    assert asks and all(m.place is not None and m.place.country == "ES" for m in asks)
