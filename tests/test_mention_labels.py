"""`eval.mention_labels`: the judge-off run's mentions on a read set, labelled by the scorer's
own functions; blind sets refused; an absent set skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval.mention_labels import fixtures_dir, mention_records


def test_mention_labels_on_a_read_set() -> None:
    if not (fixtures_dir() / "e2e_heldout").is_dir():
        pytest.skip("the read fixture e2e_heldout is absent")
    records = mention_records(sets=("e2e_heldout",))
    assert records and {r.set for r in records} == {"e2e_heldout"}
    for r in records:
        assert r.label == any(r.gold_happened)
        assert r.label or not r.label_typed
        assert r.features and f"type={r.event_type}" in r.features
    assert any(r.label for r in records) and any(not r.label for r in records)
    assert mention_records(sets=("e2e_heldout",)) == records  # the cached run


def test_mention_labels_refuse_blind_sets_and_skip_absent(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        mention_records(sets=("e2e_heldout3",))
    assert mention_records(tmp_path) == []
