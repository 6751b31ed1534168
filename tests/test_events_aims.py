"""What a goal names or a party asks for has not happened (issue 14, stop 30): the infinitive
of "our objective is to ...", an act sworn to, and the event noun a party asks for ("urged an
inquiry", "called for the release of"). Sentences written for these tests; near misses beside
them."""

from __future__ import annotations

import pytest

from claimgraph.pipeline import Pipeline
from tests.sentences import mentions

pytestmark = pytest.mark.slow

_LEAD = (
    "Regional news roundup for the week\n\nThe weekly report covers several regions and topics.\n\n"
)


def _modality(pipe: Pipeline, text: str, typ: str, trigger: str) -> str:
    found = [
        m for m in mentions(pipe, _LEAD + text) if m.event_type == typ and m.trigger.text == trigger
    ]
    assert found, f"no {typ} on {trigger!r}"
    return found[0].modality


@pytest.mark.parametrize(
    ("text", "typ", "trigger"),
    [
        ("The militia's stated aim is to seize the oil fields.", "COERCE", "seize"),
        ("Our first priority is to evacuate the wounded from the city.", "RETREAT", "evacuate"),
        ("The rebels have sworn to destroy the dam.", "ASSAULT", "destroy"),
    ],
)
def test_a_goal_or_an_oath_is_a_plan(pipe: Pipeline, text: str, typ: str, trigger: str) -> None:
    assert _modality(pipe, text, typ, trigger) == "planned"


@pytest.mark.parametrize(
    ("text", "typ", "trigger"),
    [
        ("Activists called for the release of the detained students.", "RETREAT", "release"),
        ("Lawmakers urged an inquiry into the shooting.", "ACCUSE", "inquiry"),
        ("The mayor pressed for talks with the strikers.", "CONSULT", "talks"),
    ],
)
def test_what_is_asked_for_did_not_happen(
    pipe: Pipeline, text: str, typ: str, trigger: str
) -> None:
    assert _modality(pipe, text, typ, trigger) == "hypothetical"


@pytest.mark.parametrize(
    ("text", "typ", "trigger"),
    [
        ("The army seized the oil fields on Monday.", "COERCE", "seized"),
        # a label put on an act is no asking for it; an order from a court is carried out
        ("Police called the bombing an act of terror.", "ASSAULT", "bombing"),
        ("The court ordered the release of the activists.", "RETREAT", "ordered"),
        # the asking itself is done
        ("Activists called for the release of the detained students.", "REQUEST", "called"),
    ],
)
def test_acts_done_and_asked_stay_asserted(
    pipe: Pipeline, text: str, typ: str, trigger: str
) -> None:
    assert _modality(pipe, text, typ, trigger) == "asserted"
