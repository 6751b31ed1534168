"""Eval tasks ner and aliases: loaders on tiny fixtures, and the dev sets when ../shared exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.eval.tasks import aliases, ner

SHARED = Path(__file__).parents[2] / "shared"
RE3D = SHARED / "eval" / "re3d"
NEWSFANE = SHARED / "eval" / "newsfane_gold"


def _write_re3d(root: Path) -> Path:
    src = root / "re3d" / "Source A"
    src.mkdir(parents=True)
    text = ("The Syrian Observatory for Human Rights (SOHR) said ISIL, also known as Daesh, "
            "attacked. Its spokesman, Abu Qwerty, denied it.")  # fmt: skip
    doc = {"_id": "D1", "text": text, "title": "t"}
    (src / "documents.json").write_text(json.dumps(doc) + "\n")

    def ent(value: str, typ: str, nth: int = 0) -> dict:
        b = -1
        for _ in range(nth + 1):
            b = text.index(value, b + 1)
        return {"_id": f"{value}-{typ}", "documentId": "D1", "begin": b, "end": b + len(value),
                "type": typ, "value": value, "confidence": 1}  # fmt: skip

    ents = [ent("Syrian Observatory for Human Rights", "Organisation"), ent("SOHR", "Organisation"),
            ent("ISIL", "Organisation"), ent("Daesh", "Organisation"),
            ent("Abu Qwerty", "Person")]  # fmt: skip
    (src / "entities.json").write_text("".join(json.dumps(e) + "\n" for e in ents))

    def rel(a: dict, b: dict) -> dict:
        return {"type": "IsSynonymOf", "documentId": "D1", "sourceBegin": a["begin"],
                "sourceEnd": a["end"], "targetBegin": b["begin"], "targetEnd": b["end"],
                "source": a["value"], "target": b["value"]}  # fmt: skip

    rels = [rel(ents[0], ents[1]), rel(ents[1], ents[0]), rel(ents[2], ents[3])]
    (src / "relations.json").write_text("".join(json.dumps(r) + "\n" for r in rels))
    return root / "re3d"


def test_actors_eval_alias_pairs_dedup(tmp_path: Path) -> None:
    data = _write_re3d(tmp_path)
    docs, ents, rels = ner.load_re3d(data)
    pairs = aliases.alias_pairs(docs, ents, rels)
    assert len(pairs) == 2  # the symmetric duplicate is dropped


def test_actors_eval_newsfane_coarse_and_bio() -> None:
    assert ner.coarse("Nation") == "Location"
    assert ner.coarse("Government") == "Organisation"
    assert ner.coarse("Politician") == "Person"
    spans = ner._bio_spans(["B-Nation", "O", "B-Government", "I-Government", "B-Other_PER"])
    assert spans == {(0, 1, "Location"), (2, 4, "Organisation"), (4, 5, "Person")}


@pytest.mark.slow
def test_actors_eval_tiny_re3d(tmp_path: Path) -> None:
    data = _write_re3d(tmp_path)
    res = aliases.evaluate(data)
    assert res.n == 2 and res.metrics["accuracy"] == 1.0
    res = ner.evaluate(data)
    assert {"f1", "organisation_f1", "person_f1", "baseline_f1",
            "baseline_organisation_f1"} <= set(res.metrics)  # fmt: skip


@pytest.mark.slow
@pytest.mark.eval
def test_actors_eval_re3d_dev_floors() -> None:
    if not RE3D.is_dir():
        pytest.skip("../shared/eval/re3d absent")
    m = ner.evaluate(RE3D).metrics
    assert m["organisation_f1"] - m["baseline_organisation_f1"] >= 0.10
    assert m["person_f1"] - m["baseline_person_f1"] >= 0.10
    assert aliases.evaluate(RE3D).metrics["accuracy"] >= 0.85


@pytest.mark.slow
@pytest.mark.eval
def test_actors_eval_newsfane_dev_runs() -> None:
    if not NEWSFANE.is_dir():
        pytest.skip("../shared/eval/newsfane_gold absent")
    m = ner.evaluate(NEWSFANE, limit=500).metrics
    assert m["f1"] > 0.2
