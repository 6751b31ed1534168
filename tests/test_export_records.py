import csv
import io
import json

from claimgraph.export import event_record, write_csv, write_geojson, write_jsonl
from claimgraph.export.formats import ACLED_COLUMNS
from claimgraph.model import ActorRef, Claim, Count, Event, Evidence, Place, Size, TimeRef

CONTRACT_KEYS = [
    "id", "event_type", "mode", "context", "acled", "actors", "recipients", "date", "location",
    "size", "status", "modality", "claims", "disputes", "documents",
]  # fmt: skip


def make_event() -> Event:
    ev = Evidence(
        text="Alloush was killed in a Russian airstrike.", segment="body", start=10, end=52
    )
    return Event(
        id="evt_1",
        event_type="ASSAULT",
        mode=["aerial"],
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
        actors=[ActorRef(name="Russia", actor_id="RUS", country="RUS", sector="MIL")],
        recipients=[ActorRef(name="Jaysh al-Islam", actor_id="jaysh_al_islam")],
        date=TimeRef(value="2015-12-25", granularity="day", type="exact", reason="'Friday'"),
        location=Place(name="Eastern Ghouta", lat=33.5, lon=36.4, country="SY", precision="region"),
        size=Size(dead=Count(low=6, best=6, high=6)),
        claims=[Claim(document_id="d1", outlet="Reuters", stance="assert", evidence=ev)],
        documents=["d1"],
    )


def test_export_record_has_every_contract_key() -> None:
    rec = event_record(make_event())
    assert list(rec)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert rec["date"] == {
        "value": "2015-12-25",
        "end": None,
        "granularity": "day",
        "type": "exact",
        "reason": "'Friday'",
    }
    assert set(rec["location"]) == {
        "name",
        "geonames_id",
        "lat",
        "lon",
        "admin1",
        "country",
        "precision",
    }
    assert set(rec["claims"][0]["evidence"]) == {"text", "segment", "start", "end"}
    assert rec["size"]["dead"] == {"low": 6, "best": 6, "high": 6}


def test_export_formats_roundtrip() -> None:
    rec = event_record(make_event())
    buf = io.StringIO()
    write_jsonl([rec], buf)
    assert json.loads(buf.getvalue()) == rec
    buf = io.StringIO()
    write_csv([rec], buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert (
        rows[0]["fatalities"] == "6"
        and rows[0]["actor1"] == "Russia"
        and rows[0]["geo_precision"] == "2"
    )
    buf = io.StringIO()
    write_geojson([rec], buf)
    gj = json.loads(buf.getvalue())
    assert gj["features"][0]["geometry"]["coordinates"] == [36.4, 33.5]
