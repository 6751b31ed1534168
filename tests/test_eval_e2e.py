"""End-to-end evals: the scorers on tiny hand-made records, then each gold set on a few documents
through the real pipeline (skipped when ../shared/eval is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval.tasks import e2e_indiapolice, e2e_muc4, e2e_wikievents
from claimgraph.eval.tasks.e2e_common import E2eRun, claim_spans, overlaps

FIXTURE = Path(__file__).parent / "fixtures" / "e2e"


def _rec(typ: str, actors=(), recipients=(), text: str = "x", doc: str = "d1", **kw):  # type: ignore[no-untyped-def]
    return {
        "event_type": typ, "actors": [dict(a) for a in actors], "recipients": [dict(r) for r in recipients],
        "claims": [{"document_id": doc, "evidence": {"text": text}}], "mode": [], "size": {}, **kw,
    }  # fmt: skip


def test_claim_spans_find_the_sentence_in_the_gold_text() -> None:
    run = E2eRun(records=[], document_ids={"g": "d1"}, failed=[], texts={})
    rec = _rec("ASSAULT", text="Gunmen stormed a hotel.")
    assert list(claim_spans(rec, run, {"g": "Intro. Gunmen stormed a hotel. More."})) == [("g", (7, 30))]
    assert overlaps((0, 10), (5, 12)) and not overlaps((0, 10), (9, 30))


def test_muc4_roles_follow_the_mapping() -> None:
    recs = [_rec("ASSAULT", actors=[{"name": "urban guerrillas"}, {"name": "FMLN", "actor_id": "prov_x"},
                                    {"name": "the army"}],
                 recipients=[{"name": "the bus"}, {"name": "two peasants"}, {"name": "Panama", "actor_id": "state:PAN"}],
                 text="Urban guerrillas threw dynamite and a car bomb at the bus."),
            _rec("ASSAULT", actors=[{"name": "rebels"}], text="Rebels fought soldiers.", doc="elsewhere"),
            _rec("CONSULT", actors=[{"name": "president"}]),
            _rec("COERCE", actors=[{"name": "arsonists"}], mode=["destroy"])]  # fmt: skip
    pred = e2e_muc4.predicted_roles(recs, {"d1": "g"})
    assert pred["g"]["perp_individual_id"] == {"urban guerrillas", "arsonists"}
    assert pred["g"]["perp_organization_id"] == {"FMLN", "the army"}  # an acronym, an institution
    assert pred["g"]["phys_tgt_id"] == {"the bus"}
    assert pred["g"]["hum_tgt_name"] == {"two peasants"}  # a country is no MUC-4 target
    assert pred["g"]["incident_instrument_id"] == {"dynamite", "car bomb"}


def test_muc4_scoring_is_grit_exact_match_one_to_one() -> None:
    assert e2e_muc4.normalize("The  Medellín Cartel, ") == "medellin cartel"
    assert e2e_muc4.normalize("a man") == "man"
    assert e2e_muc4.head_noun("members of the FMLN [farabundo]") == "members"
    assert e2e_muc4.head_noun("four powerful rockets") == "rockets"
    gold = {"g": {"perp_individual_id": [["URBAN GUERRILLAS", "GUERRILLAS"]], "phys_tgt_id": [["TANK TRUCK", "TRUCK"]],
                  "perp_organization_id": [], "hum_tgt_name": [["TWO PEASANTS"]],
                  "incident_instrument_id": [["FOUR POWERFUL ROCKETS"]]}}  # fmt: skip
    pred = {"g": {"perp_individual_id": {"guerrillas", "the urban guerrillas"}, "phys_tgt_id": {"a truck"},
                  "hum_tgt_name": {"peasants"}, "incident_instrument_id": {"rockets"}}}  # fmt: skip
    counts = e2e_muc4.score(pred, gold)
    assert counts["perp_individual_id"] == [1, 2, 1]  # two strings for one entity: one is spurious
    assert counts["phys_tgt_id"] == [1, 1, 1]
    assert counts["hum_tgt_name"] == [0, 1, 1] and counts["incident_instrument_id"] == [0, 1, 1]
    heads = e2e_muc4.score(pred, gold, e2e_muc4.head_noun)
    assert heads["hum_tgt_name"][0] == 1 and heads["incident_instrument_id"][0] == 1
    # one string equal to mentions of two gold entities still fills only one of them
    two = {"g": {"phys_tgt_id": [["HOUSE"], ["HOUSE", "HOME"]]}}
    assert e2e_muc4.score({"g": {"phys_tgt_id": {"house", "home"}}}, two)["phys_tgt_id"] == [2, 2, 2]


def test_muc4_input_is_unwrapped_and_truecased_from_our_lists() -> None:
    raw = "THE ARMY SAID THE\nGUERRILLAS ATTACKED SAN SALVADOR.\n\n   THE U.S. EMBASSY\nCLOSED ON 3 MARCH."
    assert e2e_muc4.unwrap(raw) == "THE ARMY SAID THE GUERRILLAS ATTACKED SAN SALVADOR.\n\nTHE U.S. EMBASSY CLOSED ON 3 MARCH."
    out = e2e_muc4.prepare(raw)
    assert out.startswith("The army said the guerrillas attacked San Salvador.")
    assert "The U.S. embassy closed on 3 March." in out


def test_wikievents_type_map() -> None:
    assert e2e_wikievents.plover_of("Conflict.Attack.DetonateExplode") == "ASSAULT"
    assert e2e_wikievents.plover_of("Contact.Contact.Meet") == "CONSULT"
    assert e2e_wikievents.plover_of("Contact.Contact.Broadcast") is None
    assert e2e_wikievents.plover_of("Movement.Transportation.Unspecified") is None


def test_indiapolice_classes() -> None:
    kill = _rec("ASSAULT", actors=[{"name": "police"}], text="Police fired, killing two.", size={"dead": {"best": 2}})
    assert e2e_indiapolice.classes_of(kill) == {"ANY_ACTION", "FORCE", "KILL"}
    arrest = _rec("COERCE", actors=[{"name": "the police"}], text="Police arrested 20 people.", mode=["arrest"])
    assert e2e_indiapolice.classes_of(arrest) == {"ANY_ACTION", "ARREST"}
    assert e2e_indiapolice.classes_of(_rec("ASSAULT", actors=[{"name": "a mob"}])) == set()
    assert "ARREST" in e2e_indiapolice.keyword_classes("Police arrested ten men. A mob gathered.")


@pytest.mark.eval
@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["muc4_grit", "wikievents", "indiapoliceevents"])
def test_e2e_eval_runs_on_a_few_gold_documents(eval_dir: Path, dataset: str) -> None:
    from claimgraph.eval import run_task

    if not (eval_dir / dataset).is_dir():
        pytest.skip(f"{dataset} is absent")
    res = run_task("e2e", eval_dir / dataset, limit=5)
    assert res.n == 5 and res.dataset == dataset
    assert all(0.0 <= v <= 1.0 for k, v in res.metrics.items() if "f1" in k)


@pytest.mark.slow
def test_fixture_eval_scores_the_demo_stories() -> None:
    from claimgraph.eval import run_task

    if not (FIXTURE / "voa_events_gold.jsonl").exists():
        pytest.skip("fixture gold not written yet")
    res = run_task("e2e", FIXTURE, limit=2)
    assert res.dataset == "voa_events_gold" and res.n == 2
    assert res.metrics["unreal_as_current"] == 0
