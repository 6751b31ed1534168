"""Classes of input the geoparser must handle (issue 21), on sentences written for these tests:
toponyms spaCy labels as people or organisations, and context that names the country."""

from __future__ import annotations

from collections import Counter

import pytest

from claimgraph.model import Document, Segment, SegmentKind
from claimgraph.places.detect import RescueModel, rescue_features
from claimgraph.pipeline import ruler_patterns


def _run(text: str) -> Document:
    nlp_mod = pytest.importorskip("claimgraph.nlp")
    from claimgraph.places import PlaceStage

    d = Document(
        id="t", uri="mem", text=text,
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")],
    )  # fmt: skip
    try:
        return PlaceStage()(nlp_mod.NlpStage(patterns=ruler_patterns)(d))
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
    f = rescue_features(text, s, s + 6, "PERSON", [], Counter(), frozenset({"tim harlow"}))
    assert f.get("doc_person_word") and f.get("sent_start") and f.get("next_verb")
    s = text.index("Dunmore")
    f = rescue_features(text, s, s + 7, "ORG", [], Counter({"dunmore": 1}), frozenset())
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


def test_demonym_qualifying_a_kind_of_place_names_the_country() -> None:
    from claimgraph.places.stage import Mention, cues_of

    text = "A ferry left the Lebanese port of Tripoli as crowds filled McHale's Irish pub in Cork."
    ments = [Mention(text.index("Tripoli"), text.index("Tripoli") + 7, "Tripoli"),
             Mention(text.index("Cork"), text.index("Cork") + 4, "Cork")]  # fmt: skip
    cues = cues_of(text, ments)
    assert cues[0].near == "lebanese" and cues[1].near is None  # an Irish pub is no place kind
    assert "irish" in cues[0].doc_demonyms


@pytest.mark.parametrize(
    "text",
    [
        "Ships docked at the Lebanese port of Tripoli on Sunday.",
        "Fighting reached Tripoli, on the Lebanese coast, by nightfall.",
        "Protesters marched in Tripoli. Lebanon's army said it would keep order in the north.",
    ],
)
def test_context_naming_the_country_picks_the_namesake(text: str) -> None:
    d = _run(text)
    assert ("Tripoli", "LB") in _named(d)


def test_without_the_demonym_the_famous_namesake_wins() -> None:
    d = _run("Ships docked at the port of Tripoli on Sunday.")
    assert ("Tripoli", "LY") in _named(d)


@pytest.mark.parametrize(
    "text",
    ["Police in Athens, Ohio, closed the road near the university.",
     "The rally in Athens drew students from across Ohio."],
)  # fmt: skip
def test_small_town_named_with_its_state_beats_the_famous_namesake(text: str) -> None:
    d = _run(text)
    athens = [p for p in d.places if d.text[p.start or 0 : p.end or 0] == "Athens"]
    assert athens and athens[0].country == "US" and athens[0].admin1 == "Ohio"


def _embedded(d: Document) -> list[str]:
    return [d.text[m["start"] : m["end"]] for m in d.meta["places"]["embedded"]]


def test_small_town_inside_a_local_body_name_is_a_toponym() -> None:
    # a town of 13k named in its police department's name, in a text naming its state: the
    # hand rule took only cities over 100k
    d = _run("Officers of the Dunmore Police Department in Pennsylvania closed the road on Monday.")
    assert "Dunmore" in _embedded(d)


def test_a_club_named_after_a_city_is_no_toponym() -> None:
    d = _run("He signed with Real Madrid after a season at Boca Juniors.")
    assert _embedded(d) == []


def test_train_toponyms_fits_and_chooses_c_on_toy_samples() -> None:
    from claimgraph.eval.train_toponyms import C_GRID, _choose_c, fit

    rows = [({"prev_prep": 1.0}, 1), ({"doc_person_word": 1.0}, 0)] * 12
    m = fit(rows, 1.0)
    assert m.prob({"prev_prep": 1.0}) > 0.5 > m.prob({"doc_person_word": 1.0})
    assert _choose_c([rows[i : i + 4] for i in range(0, 24, 4)], 0) in C_GRID
