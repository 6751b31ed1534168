"""End-to-end evals: the scorers on tiny hand-made records, then each gold set on a few documents
through the real pipeline (skipped when ../shared/eval is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval.tasks import e2e_indiapolice, e2e_muc4, e2e_wikievents
from claimgraph.eval.tasks.e2e_common import E2eRun, claim_spans, overlaps

FIXTURE = Path(__file__).parent / "fixtures" / "e2e"
HEADLINE = {"muc4_grit": "f1", "wikievents": "f1", "indiapoliceevents": "macro_f1"}


def _rec(typ: str, actors=(), recipients=(), text: str = "x", doc: str = "d1", **kw):  # type: ignore[no-untyped-def]
    return {
        "event_type": typ, "actors": [dict(a) for a in actors], "recipients": [dict(r) for r in recipients],
        "claims": [{"document_id": doc, "evidence": {"text": text}}], "mode": [], "size": {}, **kw,
    }  # fmt: skip


def test_claim_spans_find_the_sentence_in_the_gold_text() -> None:
    run = E2eRun(records=[], document_ids={"g": "d1"}, failed=[], texts={})
    rec = _rec("ASSAULT", text="Gunmen stormed a hotel.")
    assert list(claim_spans(rec, run, {"g": "Intro. Gunmen stormed a hotel. More."})) == [
        ("g", (7, 30))
    ]
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
    assert e2e_muc4.score({"g": {"phys_tgt_id": {"house", "home"}}}, two)["phys_tgt_id"] == [
        2,
        2,
        2,
    ]


def test_muc4_input_is_unwrapped_and_truecased_from_our_lists() -> None:
    raw = "THE ARMY SAID THE\nGUERRILLAS ATTACKED SAN SALVADOR.\n\n   THE U.S. EMBASSY\nCLOSED ON 3 MARCH."
    assert (
        e2e_muc4.unwrap(raw)
        == "THE ARMY SAID THE GUERRILLAS ATTACKED SAN SALVADOR.\n\nTHE U.S. EMBASSY CLOSED ON 3 MARCH."
    )
    out = e2e_muc4.prepare(raw)
    assert out.startswith("The army said the guerrillas attacked San Salvador.")
    assert "The U.S. embassy closed on 3 March." in out


def test_wikievents_type_and_role_maps() -> None:
    assert e2e_wikievents.plover_of("Conflict.Attack.DetonateExplode") == "ASSAULT"
    assert e2e_wikievents.plover_of("Life.Die.Unspecified") == "ASSAULT"
    assert e2e_wikievents.plover_of("Contact.Contact.Meet") == "CONSULT"
    assert e2e_wikievents.plover_of("Contact.Contact.Broadcast") is None  # "said": not an event
    assert e2e_wikievents.plover_of("Movement.Transportation.Unspecified") is None
    assert e2e_wikievents.slot_of("ASSAULT", "Attacker") == "actor"
    assert e2e_wikievents.slot_of("COERCE", "Detainee") == "recipient"
    assert e2e_wikievents.slot_of("CONSULT", "Participant") is None
    assert e2e_wikievents.slot_of("PROTEST", "Place") == "place"


def _wiki_doc() -> dict:  # type: ignore[type-arg]
    s0 = "Gunmen attacked Kabul ."
    s1 = "Police arrested Ahmed ."

    def toks(sent: str, base: int) -> list:  # type: ignore[type-arg]
        out, pos = [], base
        for w in sent.split():
            out.append([w, pos, pos + len(w)])
            pos += len(w) + 1
        return out

    return {
        "doc_id": "w1", "tokens": (s0 + " " + s1).split(),
        "sentences": [[toks(s0, 0), s0], [toks(s1, 99), s1]],
        "entity_mentions": [
            {"id": "w1-T1", "sent_idx": 0, "start": 0, "end": 1, "text": "Gunmen"},
            {"id": "w1-T2", "sent_idx": 0, "start": 2, "end": 3, "text": "Kabul"},
            {"id": "w1-T3", "sent_idx": 1, "start": 4, "end": 5, "text": "Police"},
            {"id": "w1-T4", "sent_idx": 1, "start": 6, "end": 7, "text": "Ahmed"},
        ],
        "event_mentions": [
            {"event_type": "Conflict.Attack.Unspecified", "trigger": {"sent_idx": 0, "start": 1, "end": 2},
             "arguments": [{"entity_id": "w1-T1", "role": "Attacker"}, {"entity_id": "w1-T2", "role": "Place"}]},
            {"event_type": "Justice.ArrestJailDetain.Unspecified", "trigger": {"sent_idx": 1, "start": 5, "end": 6},
             "arguments": [{"entity_id": "w1-T3", "role": "Jailer"}, {"entity_id": "w1-T4", "role": "Detainee"}]},
            {"event_type": "Contact.Contact.Broadcast", "trigger": {"sent_idx": 1, "start": 5, "end": 6},
             "arguments": []},
        ],
    }  # fmt: skip


def test_wikievents_scores_sentences_types_and_head_tokens() -> None:
    gd = e2e_wikievents.GoldDoc(_wiki_doc())
    assert gd.text == "Gunmen attacked Kabul .\nPolice arrested Ahmed ."
    assert gd.tokens[2] == (0, 16, 21) and gd.tokens[5] == (1, 31, 39) and gd.sentence_of(30) == 1
    gold_types, gold_args = e2e_wikievents.gold_sets([gd])
    assert gold_types == {("w1", 0, "ASSAULT"), ("w1", 1, "COERCE")}
    assert ("w1", 0, "ASSAULT", "place", 2) in gold_args and (
        "w1",
        1,
        "COERCE",
        "recipient",
        6,
    ) in gold_args
    run = E2eRun(records=[], document_ids={"w1": "d1"}, failed=[], texts={})
    recs = [_rec("ASSAULT", actors=[{"name": "gunmen"}], recipients=[{"name": "Taliban"}],
                 text="Gunmen attacked Kabul .", location={"name": "Kabul"}),
            _rec("COERCE", actors=[{"name": "police"}], recipients=[{"name": "Ahmed"}], text="Police arrested Ahmed ."),
            _rec("CONSULT", actors=[{"name": "police"}], text="Police arrested Ahmed .")]  # fmt: skip
    pred_types, pred_args = e2e_wikievents.predicted_sets(recs, run, {"w1": gd})
    assert pred_types == {("w1", 0, "ASSAULT"), ("w1", 1, "COERCE"), ("w1", 1, "CONSULT")}
    assert pred_args & gold_args == gold_args  # every gold argument found, by its head token
    assert ("w1", 0, "ASSAULT", "recipient", "unwritten:Taliban") in pred_args  # counts as wrong
    assert not any(a[2] == "CONSULT" for a in pred_args)  # a meeting scores its place only


def test_indiapolice_classes() -> None:
    kill = _rec(
        "ASSAULT",
        actors=[{"name": "police"}],
        text="Police fired, killing two.",
        size={"dead": {"best": 2}},
    )
    assert e2e_indiapolice.classes_of(kill) == {"ANY_ACTION", "FORCE", "KILL"}
    arrest = _rec(
        "COERCE",
        actors=[{"name": "the police"}],
        text="Police arrested 20 people.",
        mode=["arrest"],
    )
    assert e2e_indiapolice.classes_of(arrest) == {"ANY_ACTION", "ARREST"}
    # an arrest with nobody named is the police's; one by a mob is not
    unnamed = _rec(
        "COERCE",
        recipients=[{"name": "20 people"}],
        text="20 people were arrested.",
        mode=["arrest"],
    )
    assert e2e_indiapolice.classes_of(unnamed) == {"ANY_ACTION", "ARREST"}
    assert (
        e2e_indiapolice.classes_of(_rec("COERCE", actors=[{"name": "a mob"}], mode=["arrest"]))
        == set()
    )
    assert e2e_indiapolice.classes_of(_rec("ASSAULT", actors=[{"name": "a mob"}])) == set()
    assert e2e_indiapolice.classes_of(_rec("MOBILIZE", actors=[{"name": "SRP jawans"}])) == {
        "ANY_ACTION"
    }
    assert (
        e2e_indiapolice.classes_of(_rec("ASSAULT", actors=[{"name": "SP leaders"}])) == set()
    )  # a party
    firing = _rec(
        "ASSAULT",
        recipients=[{"name": "99 persons"}],
        text="99 persons were killed in police firing.",
    )
    assert e2e_indiapolice.classes_of(firing) == set()
    assert e2e_indiapolice.classes_of(firing, police_in_sentence=True) == {
        "ANY_ACTION",
        "FORCE",
        "KILL",
    }


def test_indiapolice_input_and_keyword_anchor() -> None:
    assert e2e_indiapolice.repair("modiâ€™s â€œcallâ€\ufffd") == "modi’s “call”"
    assert e2e_indiapolice.keyword_classes("A mob gathered. Police later arrested ten men.") == {
        "ANY_ACTION",
        "ARREST",
    }
    assert e2e_indiapolice.keyword_sentence_classes("A mob killed two. Police arrived.") == {
        "ANY_ACTION"
    }
    assert e2e_indiapolice.keyword_classes("A mob killed two.") == set()
    truth = {"a": {"KILL", "FORCE"}, "b": set()}
    scores = e2e_indiapolice.class_scores(truth, {"a": {"FORCE"}, "b": {"KILL"}})
    assert (
        scores["KILL"] == (0, 1, 1) and scores["FORCE"] == (1, 0, 0) and scores["FAIL"] == (0, 0, 0)
    )


def test_dispatch_refuses_an_unknown_folder(tmp_path: Path) -> None:
    from claimgraph.eval import UnknownDataset
    from claimgraph.eval.tasks import e2e

    with pytest.raises(UnknownDataset):
        e2e.evaluate(tmp_path)


@pytest.mark.eval
@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["muc4_grit", "wikievents", "indiapoliceevents"])
def test_e2e_eval_runs_on_a_few_gold_documents(eval_dir: Path, dataset: str) -> None:
    from claimgraph.eval import run_task

    if not (eval_dir / dataset).is_dir():
        pytest.skip(f"{dataset} is absent")
    res = run_task("e2e", eval_dir / dataset, limit=3)
    assert res.n == 3 and res.dataset == dataset and res.metrics["failed_docs"] == 0
    assert HEADLINE[dataset] in res.metrics
    assert all(0.0 <= v <= 1.0 for k, v in res.metrics.items() if "f1" in k)


@pytest.mark.slow
def test_fixture_eval_scores_the_demo_stories() -> None:
    from claimgraph.eval import run_task

    if not (FIXTURE / "voa_events_gold.jsonl").exists():
        pytest.skip("fixture gold not written yet")
    res = run_task("e2e", FIXTURE, limit=2)
    assert res.dataset == "voa_events_gold" and res.n == 2
    assert 0 <= res.metrics["unreal_as_current"] <= res.metrics["rows"]
    assert 0.0 <= res.metrics["precision"] <= 1.0 and 0.0 <= res.metrics["recall"] <= 1.0


def test_fixture_error_classes_name_each_miss_and_each_false_row() -> None:
    from claimgraph.eval.tasks.e2e_fixture import _ErrorClasses

    text = "Rebels attacked a town. Police arrested ten men. The minister met envoys. It rained."
    run = E2eRun(records=[], document_ids={"g": "d1"}, failed=[], texts={})
    gold = {
        "atk": {"type": "ASSAULT"},
        "arr": {"type": "COERCE"},
        "meet": {"type": "CONSULT"},
        "town": {"type": "ASSAULT"},
    }
    spans = {
        "atk": [("g", (0, 23))],
        "arr": [("g", (24, 48))],
        "meet": [("g", (49, 74))],
        "town": [("g", (0, 23))],
    }
    told = _ErrorClasses(run, {"g": text}, gold, spans)
    current = [
        _rec("ASSAULT", text="Rebels attacked a town.", status="reported"),  # matched: atk
        _rec("ASSAULT", text="Police arrested ten men.", status="reported"),  # wrong type
        _rec("PROTEST", text="It rained.", status="reported"),  # outside
        _rec("ASSAULT", text="Rebels attacked a town.", status="reported"),  # duplicate
    ]
    hidden = [_rec("CONSULT", text="The minister met envoys.", status="planned")]
    match = {0: "atk"}
    cand_real = {0: {"atk", "town"}, 3: {"atk", "town"}}
    missed = told.missed(
        [*current, *hidden], current, match, ["atk", "arr", "meet", "town"], cand_real
    )
    assert missed == {"missed_wrong_type": 1.0, "missed_hidden": 1.0, "missed_taken": 1.0,
                      "missed_absent": 0.0}  # fmt: skip
    false = told.false_rows(current, match, cand_real, {})
    assert false == {"false_duplicate": 1.0, "false_unreal": 0.0, "false_wrong_type": 1.0,
                     "false_outside": 1.0}  # fmt: skip
