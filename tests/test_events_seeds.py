"""The seed pages (third-party, read from ../shared/corpus/seeds, skipped when absent) come out
as mentions of the right kind. The checks use event types and roles, not seed-specific rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.events import EventStage
from claimgraph.model import Document, Segment

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
pytestmark = [pytest.mark.slow, pytest.mark.eval]


def _doc(name: str) -> Document:
    path = SEEDS / name
    if not path.exists():
        pytest.skip("seed pages absent")
    text = path.read_text(encoding="utf-8")
    segs, pos = [], 0
    for para in text.split("\n"):
        if para.strip():
            s = text.index(para, pos)
            lang = "ar" if any("\u0600" <= c <= "\u06ff" for c in para[:30]) else "en"
            segs.append(Segment(kind="body", start=s, end=s + len(para), lang=lang))
            pos = s + len(para)
    return EventStage()(Document(id=name, uri=str(path), text=text, segments=segs))


def test_alloush_strike() -> None:
    d = _doc("001_aab8a3634b40cb55.txt")
    strikes = [m for m in d.mentions if m.event_type == "ASSAULT" and "aerial" in m.mode]
    assert strikes
    assert any(a.name == "Russia" or a.country == "RUS" for m in strikes for a in m.actors)
    assert any(
        "Alloush" in r.name for m in d.mentions if m.event_type == "ASSAULT" for r in m.recipients
    )


def test_albu_kamal_capture_and_monitor_denial() -> None:
    d = _doc("002_091a1e78c0670bde.txt")
    caps = [m for m in d.mentions if m.event_type == "COERCE" and "seize" in m.mode]
    assert any("Albu Kamal" in r.name or "stronghold" in r.name for m in caps for r in m.recipients)
    assert any(m.attribution.stance == "deny" and m.event_type == "COERCE" for m in d.mentions)


def test_douma_negotiations_denial() -> None:
    d = _doc("003_80636f374dd973fc.txt")
    denied = [m for m in d.mentions if m.attribution.stance == "deny"]
    assert any("Alloush" in (m.attribution.speaker or "") for m in denied)
    assert any(
        m.event_type == "CONSULT" and any(r.name == "Russia" for r in m.recipients)
        for m in d.mentions
    )


def test_is_alqaeda_talks() -> None:
    d = _doc("004_d2417d6413071130.txt")
    talks = [m for m in d.mentions if m.event_type == "CONSULT"]
    assert any("Qaeda" in r.name for m in talks for r in m.recipients)


def test_alloush_meeting_denied_across_sentences() -> None:
    d = _doc("000_d6ee9360ffc1ff27.txt")
    denies = d.meta["events"]["denies"]
    by_id = {m.id: m for m in d.mentions}
    assert denies, "expected a denial attached to an earlier event"
    assert all(by_id[t].event_type == by_id[s].event_type for s, t in denies.items())
