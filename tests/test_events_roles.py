"""Roles, framing and denial scope on our own sentences (no eval data, no seed text)."""

from __future__ import annotations

import pytest

from test_events_unit import _one, _run  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow


def _names(ms) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.name for a in ms]


def test_request_recipient_is_subject_of_that_clause() -> None:
    d = _run("The Kenyan government demanded that Uganda withdraw its troops.")
    m = _one(d, "REQUEST")
    assert any("Uganda" in n for n in _names(m.recipients))


def test_threat_recipient_through_nested_object() -> None:
    d = _run("Canada threatened further sanctions against Venezuela on Monday.")
    m = _one(d, "THREATEN")
    assert any("Venezuela" in n for n in _names(m.recipients))
    assert not any("Monday" in n for n in _names(m.recipients))


def test_group_compound_actor_and_merged_verb_target() -> None:
    d = _run("Video showed Turkish army airstrikes targeting Kurdish fighters near the border.")
    m = _one(d, "ASSAULT")
    assert m.mode == ["aerial"]
    assert len(m.actors) == 1 and (m.actors[0].country == "TUR" or "Turk" in m.actors[0].name)
    assert any("Kurdish" in n for n in _names(m.recipients))


def test_brokered_plan_is_agreement() -> None:
    d = _run("A Qatar-brokered plan to release the prisoners was delayed.")
    assert any(m.event_type == "AGREE" and m.trigger.text == "plan" for m in d.mentions)


def test_denial_scopes_over_the_outer_event_only() -> None:
    d = _run("The rebels denied that they suspended talks with the government.")
    outer = [m for m in d.mentions if m.trigger.text == "suspended"]
    inner = [m for m in d.mentions if m.trigger.text == "talks"]
    assert outer and outer[0].attribution.stance == "deny" and outer[0].modality == "negated"
    assert inner and inner[0].attribution.stance != "deny"


def test_sentence_type_promise_threat_refusal() -> None:
    from claimgraph.events.sentences import parse_many

    got = [p.main_type() for p in parse_many([
        "Norway will provide food aid to the refugees.",
        "The farmers said they would blockade the capital next week.",
        "Jordan will not accept any more refugees.",
        "The minister threatened to impose a curfew on the city.",
    ])]  # fmt: skip
    assert got == ["AGREE", "THREATEN", "REJECT", "THREATEN"]
