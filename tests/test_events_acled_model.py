"""The shipped ACLED sub-type classifier (events.acled_model) and how the pipeline uses it, on our
own sentences."""

from __future__ import annotations

import numpy as np
import pytest

from claimgraph.events.acled_model import (
    EXAMPLE_VECTORS,
    FAMILIES,
    code_names,
    compatible,
    examples,
    texts_digest,
)
from claimgraph.resources import data_path, data_rows


def test_every_code_has_names_or_is_marked_uncoded():
    names = code_names()
    _, labels = examples()
    assert set(labels) <= set(names)
    assert {r[4] for r in data_rows("events", "acled_map.tsv") or [] if len(r) > 4} <= set(names)
    assert names["AIR_STRIKE"] == ("Explosions/Remote violence", "Air/drone strike")
    assert names["NATURAL_DISASTER"] is None
    assert all(c in names for fam in FAMILIES.values() for c in fam)


def test_shipped_example_vectors_match_the_example_sentences():
    # after editing acled_examples.tsv: python -m claimgraph.events.acled_model
    texts, _ = examples()
    with np.load(data_path(*EXAMPLE_VECTORS)) as z:
        assert str(z["digest"]) == texts_digest(texts)
        assert z["vectors"].shape == (len(texts), 384)


def test_a_code_must_fit_the_plover_type():
    assert compatible("ASSAULT", "AIR_STRIKE")
    assert compatible("PROTEST", "PROTEST_WITH_INTER")
    assert not compatible("RETREAT", "ABDUCT_DISSAP")
    assert not compatible("CONSULT", "AGREEMENT")


@pytest.mark.slow
@pytest.mark.parametrize("embeddings", [False, True])
def test_classifier_reads_our_sentences(embeddings):
    from claimgraph.events.acled_model import classify
    from claimgraph.events.embed import available

    if embeddings and not available():
        pytest.skip("MiniLM weights not installed")
    got = classify([
        "Warplanes bombed the rebel-held town overnight, destroying several houses.",
        "Thousands of teachers marched peacefully through the capital to demand higher pay.",
        "A roadside bomb exploded under a police vehicle on the highway.",
    ], embeddings)  # fmt: skip
    assert got == ["AIR_STRIKE", "PEACE_PROTEST", "REM_EXPLOS"]


@pytest.mark.slow
def test_stage_codes_mentions_and_merge_exports_the_classified_type():
    from claimgraph.events import EventStage
    from claimgraph.merge.aggregate import build_event
    from claimgraph.model import Document, Segment, SegmentKind

    text = "Government warplanes bombed the market in the rebel-held town on Tuesday."
    doc = Document(id="d1", uri="mem://d1", text=text,
                   segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")])  # fmt: skip
    doc = EventStage()(doc)
    assaults = [m for m in doc.mentions if m.event_type == "ASSAULT"]
    assert assaults and assaults[0].acled_code == "AIR_STRIKE"
    ev = build_event(assaults, {}, {})
    assert ev.acled == {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
    }
    assert EventStage(acled=False)(doc.model_copy()).mentions[0].acled_code is None
