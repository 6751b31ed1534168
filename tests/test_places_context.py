"""Classes of input the geoparser must handle (issue 21), on sentences written for these tests:
toponyms spaCy labels as people or organisations, and context that names the country."""

from __future__ import annotations

import pytest

from claimgraph.model import Document, Segment, SegmentKind
from claimgraph.places.detect import RescueModel, rescue_features


def _run(text: str) -> Document:
    nlp_mod = pytest.importorskip("claimgraph.nlp")
    from claimgraph.places import PlaceStage

    d = Document(
        id="t", uri="mem", text=text,
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")],
    )  # fmt: skip
    try:
        return PlaceStage()(nlp_mod.NlpStage()(d))
    except Exception as err:  # noqa: BLE001 - no spaCy model or gazetteer here
        pytest.skip(f"nlp/places unavailable: {err}")


def _named(d: Document) -> list[tuple[str, str | None]]:
    return [(d.text[p.start or 0 : p.end or 0], p.country) for p in d.places]


def test_rescue_model_reads_its_features() -> None:
    m = RescueModel(["prev_prep", "doc_person_word"], [2.0, -3.0], -1.0)
    assert m.prob({"prev_prep": 1.0}) > 0.5 > m.prob({"prev_prep": 1.0, "doc_person_word": 1.0})
    assert RescueModel.from_json(m.to_json()) == m


def test_rescue_features_see_context_and_person_names() -> None:
    text = "Coach Tim Harlow left Dunmore. Harlow said the team would stay."
    s = text.index("Harlow", 20)
    f = rescue_features(text, s, s + 6, "PERSON", [], frozenset(), frozenset({"tim harlow"}))
    assert f.get("doc_person_word") and f.get("sent_start") and f.get("next_verb")
    s = text.index("Dunmore")
    f = rescue_features(text, s, s + 7, "ORG", [], frozenset({"dunmore"}), frozenset())
    assert f.get("doc_place") and not f.get("sent_start")


def test_city_at_sentence_start_labelled_person_is_a_place() -> None:
    d = _run("Norwich lies in the east of England. Its council met on Friday.")
    assert ("Norwich", "GB") in _named(d)


def test_country_abbreviation_after_travel_verb_is_a_place() -> None:
    d = _run("The delegation travelled from Nigeria to Cameroon and then flew to the UK.")
    names = _named(d)
    assert ("Cameroon", "CM") in names and ("UK", "GB") in names


def test_a_surname_is_not_rescued() -> None:
    d = _run("Mohamed Salah scored twice. Salah said the win mattered.")
    assert "Salah" not in [n for n, _ in _named(d)]
