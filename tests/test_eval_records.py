"""Evals tolerate gold records that lack optional fields (issue 21): a record without spans, a
`textInfo` given as a plain string, a missing id. Tiny fixtures written here, never gold data."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

from claimgraph.eval import run_task
from claimgraph.eval.records import Skipped, each, mapping, text_of


def _jsonl(path: Path, rows: list[object]) -> None:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )


def test_records_each_counts_what_it_cannot_read() -> None:
    skipped = Skipped()
    rows = [
        {"text": "a", "n": "1"},
        {"n": "2"},
        {"text": "c", "n": "x"},
        {"text": "d", "n": "4"},
        "oops",
    ]
    got = list(
        each(rows, lambda r: (r["text"], int(r["n"])) if r["text"] != "d" else None, skipped)
    )
    assert got == [("a", 1)]
    assert len(skipped) == 4
    assert skipped.reasons["no 'text'"] == 1 and skipped.reasons["nothing to score"] == 1
    metrics: dict[str, float] = {}
    table: list[tuple[str, object]] = []
    skipped.report(metrics, table)
    assert metrics["skipped"] == 4.0 and table and "4" in str(table[0][1])


def test_records_text_of_and_mapping_accept_either_shape() -> None:
    assert text_of("(EVT: met)", "markup") == "(EVT: met)"
    assert text_of({"markup": "(EVT: met)"}, "markup") == "(EVT: met)"
    assert text_of(None, "markup") == "" and text_of({"other": 1}, "markup") == ""
    assert mapping("a string") == {} and mapping({"a": 1}) == {"a": 1}


def test_event_location_load_tolerates_missing_spans_ids_and_bad_lines(tmp_path: Path) -> None:
    from claimgraph.eval.tasks.event_location import load

    text = "Rebels attacked a checkpoint in Lakeview on Sunday."
    verb = {"start": 7, "end": 15, "label": "VERB"}
    loc = {"start": 32, "end": 40, "label": "LOCATION"}
    _jsonl(tmp_path / "labeled_text.jsonl", [
        {"_id": "a", "text": text, "spans": [verb, loc]},
        {"text": text, "spans": [verb]},                       # no id
        {"_id": "c", "text": text},                            # no spans: nothing to locate
        {"_id": "d", "spans": [verb]},                         # no text
        {"_id": "e", "text": text, "spans": [{"start": "x", "end": 15, "label": "VERB"}]},
        "{not json",
    ])  # fmt: skip
    skipped = Skipped()
    rows = load(tmp_path, skipped=skipped)
    assert [r["locs"] for r in rows] == [[(32, 40)], []]
    assert rows[1]["id"] and rows[1]["id"] == load(tmp_path)[1]["id"]  # a stable id
    assert len(skipped) == 3  # no text, a span that is not a number, not JSON


def test_plover_gold_reads_textinfo_as_string_or_object(tmp_path: Path) -> None:
    from claimgraph.eval.tasks.event_type import plover_gold

    recs = [
        {"text": "Ministers met in Lakeview.", "event": "CONSULT", "textInfo": "{(EVT: met)}",
         "source": [{"actorText": "Ministers"}], "target": "not a list of actors"},
        {"text": "Police arrested two men.", "event": "COERCE", "textInfo": {"markup": "(EVT: arrested)"},
         "source": ["Police", {"actorCode": "COP"}]},
        {"text": "The story as a whole.", "event": "DOCUMENT"},
        {"text": "No label on this one."},
        {"event": "ASSAULT"},
        "not a record",
    ]  # fmt: skip
    (tmp_path / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(recs), encoding="utf-8")
    skipped = Skipped()
    out = plover_gold(tmp_path, skipped=skipped)
    assert [r["markup"] for r in out] == ["{(EVT: met)}", "(EVT: arrested)"]
    assert out[0]["source_texts"] == ["Ministers"] and out[0]["target_texts"] == []
    assert out[1]["source_texts"] == ["Police"]
    assert len(skipped) == 3  # the document record is not a sentence, not a skip


def test_roles_eval_runs_with_textinfo_as_string(tmp_path: Path) -> None:
    recs = [
        {"text": "Rebels shelled the army base near Lakeview on Monday.", "event": "ASSAULT",
         "textInfo": "Rebels (EVT: shelled) the army base", "source": [{"actorText": "Rebels"}],
         "target": [{"actorText": "the army"}]},
        {"text": "Police arrested two protesters.", "event": "COERCE"},
        {"event": "COERCE", "textInfo": 3},
    ]  # fmt: skip
    (tmp_path / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(recs), encoding="utf-8")
    res = run_task("roles", tmp_path)
    assert res.n == 2 and res.metrics["skipped"] == 1.0
    assert res.metrics["actor_f1"] > 0


def test_geo_load_skips_broken_spans_and_keeps_the_document(tmp_path: Path) -> None:
    from claimgraph.eval.tasks.geo import load

    gwn = tmp_path / "GeoWebNews"
    gwn.mkdir()
    (gwn / "1.txt").write_text("Floods hit Lakeview and Rivertown.", encoding="utf-8")
    (gwn / "1.ann").write_text(
        "T1\tLiteral 11 19\tLakeview\n#1\tAnnotatorNotes T1\t123\n"
        "T2\tLiteral x 33\tRivertown\n#2\tAnnotatorNotes\n", encoding="utf-8")  # fmt: skip
    (gwn / "2.ann").write_text("T1\tLiteral 0 4\tNope\n", encoding="utf-8")  # no 2.txt
    skipped = Skipped()
    name, docs = load(tmp_path, skipped=skipped)
    assert name == "geowebnews" and len(docs) == 1
    assert [(t.text, t.gid) for t in docs[0].tops] == [("Lakeview", 123)]
    assert len(skipped) == 2

    xml = ("<articles><article docid='a'><text>Floods hit Lakeview.</text><toponyms>"
           "<toponym><start>11</start><end>19</end><phrase>Lakeview</phrase></toponym>"
           "<toponym><phrase>Rivertown</phrase></toponym>"
           "<toponym><start>x</start><end>3</end></toponym></toponyms></article>"
           "<article><text>No places here.</text></article></articles>")  # fmt: skip
    (tmp_path / "GeoWebNews" / "1.ann").unlink()
    (tmp_path / "GeoWebNews" / "2.ann").unlink()
    (tmp_path / "lgl.xml").write_text(xml, encoding="utf-8")
    skipped = Skipped()
    name, docs = load(tmp_path, skipped=skipped)
    assert name == "lgl" and [len(d.tops) for d in docs] == [1, 0] and docs[1].id == "1"
    assert len(skipped) == 2


def test_re3d_load_tolerates_missing_fields(tmp_path: Path) -> None:
    from claimgraph.eval.tasks.ner import load_re3d

    src = tmp_path / "Some Source"
    src.mkdir()
    _jsonl(
        src / "documents.json",
        [{"_id": "d1", "text": "Rebels met the army."}, {"text": "no id"}, "{bad"],
    )
    _jsonl(src / "entities.json", [
        {"documentId": "d1", "begin": 0, "end": 6, "type": "Organisation"},  # no confidence
        {"documentId": "d1", "begin": "?", "end": 6, "type": "Organisation"},
        {"begin": 0, "end": 6, "type": "Organisation"},
    ])  # fmt: skip
    _jsonl(src / "relations.json", [{"documentId": "d1", "type": "IsSynonymOf", "sourceBegin": 0}])
    skipped = Skipped()
    docs, ents, rels = load_re3d(tmp_path, skipped)
    assert list(docs) == ["d1"] and len(ents) == 1 and ents[0]["confidence"] == 1.0 and rels == []
    assert len(skipped) == 5


def test_dates_eval_skips_documents_without_creation_date(tmp_path: Path) -> None:
    good = ('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>'
            '<TEXT>The rebels attacked <TIMEX3 tid="t1" type="DATE" value="2013-03-21">yesterday</TIMEX3>'
            ' and <TIMEX3 tid="t2" type="DATE">last week</TIMEX3>.</TEXT></TimeML>')  # fmt: skip
    (tmp_path / "a.tml").write_text(good, encoding="utf-8")
    (tmp_path / "b.tml").write_text(
        "<TimeML><TEXT>No creation date.</TEXT></TimeML>", encoding="utf-8"
    )
    (tmp_path / "c.tml").write_text(
        '<TimeML><DCT><TIMEX3 value="someday"></TIMEX3></DCT></TimeML>', encoding="utf-8"
    )
    res = run_task("dates", tmp_path)
    assert res.n == 1 and res.metrics["accuracy"] == 1.0
    assert res.metrics["skipped"] == 3.0  # two documents, one DATE without a value


def test_boilerplate_and_pubdate_skip_records_without_a_file(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    page = ("<html><head><title>Lake ferries halted</title></head><body><article><p>Published 2021-06-09</p>"
            "<p>Strong winds stopped the ferries on the lake on Wednesday, the port authority said in "
            "a statement. Crossings will resume when the wind drops, it said.</p></article></body></html>")  # fmt: skip
    (tmp_path / "html" / "p1.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "html" / "p3.gz").write_bytes(b"not gzip")
    gold = {
        "https://lake.example/1": {"file": "p1", "date": "2021-06-09", "with": "Strong winds stopped the ferries",
                                   "without": ["Lake ferries halted", 7]},
        "https://lake.example/2": {"date": "2021-06-10"},           # no file
        "https://lake.example/3": {"file": "p3", "date": "2021-06-11"},  # unreadable file
        "https://lake.example/4": "not a record",
        "https://lake.example/5": {"file": "p5"},                   # file missing on disk
    }  # fmt: skip
    (tmp_path / "evaldata.json").write_text(json.dumps(gold), encoding="utf-8")
    b = run_task("boilerplate", tmp_path)
    assert b.n == 1 and b.metrics["skipped"] == 4.0 and b.metrics["recall"] == 1.0
    p = run_task("pubdate", tmp_path)
    assert p.n == 1 and p.metrics["accuracy"] == 1.0 and p.metrics["skipped"] == 4.0


def test_dedup_load_skips_bad_rows_and_files(tmp_path: Path) -> None:
    from claimgraph.eval.tasks.dedup import load

    with (tmp_path / "ECBplus_coreference_sentences.csv").open(
        "w", newline="", encoding="utf-8"
    ) as fh:
        w = csv.writer(fh)
        w.writerow(["Topic", "File", "Sentence Number"])
        w.writerows([["1", "1ecb", "0"], ["1", "1ecb", "x"], ["1", "2ecb"]])
    topic = tmp_path / "ECB+" / "1"
    topic.mkdir(parents=True)
    (topic / "1_1ecb.xml").write_text(
        '<Document doc_name="1_1ecb.xml"><token t_id="1" sentence="0">Rebels</token>'
        '<token t_id="2" sentence="0">attacked</token><Markables><ACTION_OCCURRENCE m_id="5">'
        '<token_anchor t_id="2"/></ACTION_OCCURRENCE><ACTION_OCCURRENCE/></Markables></Document>',
        encoding="utf-8")  # fmt: skip
    (topic / "1_2ecb.xml").write_text("<Document><token", encoding="utf-8")
    skipped = Skipped()
    docs, mentions = load(tmp_path, skipped=skipped)
    assert [d.name for d in docs] == ["1_1ecb"] and [m.text for m in mentions] == ["attacked"]
    assert len(skipped) == 3  # a sentence number "x", a row without one, a file that is not XML


def test_e2e_gold_readers_skip_records_without_their_fields() -> None:
    from claimgraph.eval.tasks.e2e_indiapolice import _gold_doc
    from claimgraph.eval.tasks.e2e_wikievents import GoldDoc
    from claimgraph.eval.tasks.event_type_arabic import _row

    skipped = Skipped()
    lines = [
        json.dumps({"doc_id": 1, "doc_text": "Police fired on a crowd.", "doc_labels": ["FORCE"]}),
        json.dumps({"doc_id": 2, "doc_text": "No labels here."}),
        json.dumps({"doc_text": "No id.", "doc_labels": []}),
    ]
    assert [g["doc_id"] for g in each(lines, _gold_doc, skipped)] == [1]
    sent = [[["Rebels", 0, 6], ["attacked", 7, 15]], "Rebels attacked"]
    recs = [
        {"doc_id": "w1", "sentences": [sent], "entity_mentions": [{"id": "e1"}],  # no offsets
         "event_mentions": [{"event_type": "Conflict.Attack.Unspecified", "trigger": {"sent_idx": 0},
                             "arguments": [{"role": "Attacker", "entity_id": "e1"}, "not an argument"]},
                            {"event_type": "Conflict.Attack.Unspecified"}]},  # no trigger
        {"doc_id": "w2", "sentences": [sent]},  # no mentions at all: its gold is unknown
    ]  # fmt: skip
    gds = list(each(recs, GoldDoc, skipped))
    assert [g.id for g in gds] == ["w1"] and gds[0].text == "Rebels attacked"
    from claimgraph.eval.tasks.e2e_wikievents import gold_sets

    types, args = gold_sets(gds)
    assert types == {("w1", 0, "ASSAULT")} and args == set()
    rows = [
        {"text": "قتل جندي", "label": "yes"},
        {"text": "", "label": "yes"},
        {"text": "هجوم", "label": None},
    ]
    assert len(list(each(rows, _row, skipped))) == 1
    assert len(skipped) == 5
