"""Latency of `claimgraph serve` on a synthetic database of N events (not a timed test).

    python bench/serve_latency.py --events 100000 [--db /tmp/serve-bench.db] [--repeat 5]

Builds (once; reused when the file exists with that many events) a store whose events are
copies of a few realistic export records with fresh ids, dates over ten years, types, statuses
and coordinates scattered over the Levant, then times requests through the ASGI app in-process
(httpx TestClient, so no network): the first page of the API and of the events page, a filtered
page, a text search, stats, map points, one event, and an actor that takes part in every event
(its API record, its graph and its page). Prints one line per request: median and
max milliseconds over --repeat runs after one warm-up, and the warm-up's own time ("first": the
first request builds the snapshot, i.e. the FTS index and the actor index, and an actor's first
request scans that index once).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from claimgraph.model import PLOVER_TYPES
from claimgraph.store import Store, schema

STATUSES = ("reported", "reported", "reported", "corroborated", "contested", "denied", "planned")
SENTENCES = (
    "Government warplanes struck a market in {place} on {day}, killing {n} people, the monitor said.",
    "Rebels said they shelled army positions near {place}, a claim the army denied.",
    "Residents of {place} protested against the siege on {day}, activists said.",
    "The ministry said troops had taken control of {place} after days of fighting.",
)
PLACES = (("Damascus", 33.51, 36.29), ("Aleppo", 36.2, 37.16), ("Idlib", 35.93, 36.63),
          ("Homs", 34.73, 36.71), ("Raqqa", 35.95, 39.01), ("Deir ez-Zor", 35.34, 40.14),
          ("Mosul", 36.34, 43.13), ("Baghdad", 33.34, 44.4), ("Beirut", 33.89, 35.5))  # fmt: skip


def _record(i: int, rng: random.Random) -> dict:
    place, lat, lon = rng.choice(PLACES)
    day = date(2014, 1, 1) + timedelta(days=rng.randrange(3650))
    etype = rng.choice(PLOVER_TYPES)
    n = rng.randrange(1, 4)
    claims = [{
        "document_id": f"doc{rng.randrange(10**6):06d}", "outlet": rng.choice(("Reuters", "AFP", "SANA", "SOHR")),
        "published": day.isoformat(), "speaker": None, "stance": "deny" if k == 2 else "assert",
        "modality": "asserted", "mention_id": None, "source_group": f"g{k}",
        "evidence": {"text": rng.choice(SENTENCES).format(place=place, day=day.strftime("%A"), n=rng.randrange(1, 30)),
                     "segment": "body", "start": 0, "end": 80},
    } for k in range(n)]  # fmt: skip
    return {
        "id": f"evt_{i:016x}", "event_type": etype, "mode": [], "context": [],
        "acled": {"event_type": None, "sub_event_type": None},
        "actors": [{"name": "Syria military", "actor_id": "SYR-MIL", "country": "SYR", "sector": "MIL", "wikidata": None}],
        "recipients": [{"name": "Syria rebels", "actor_id": "SYR-REB", "country": "SYR", "sector": "REB", "wikidata": None}],
        "date": {"value": day.isoformat(), "end": None, "granularity": "day", "type": "exact", "reason": ""},
        "location": {"name": place, "geonames_id": None, "lat": lat + rng.uniform(-0.3, 0.3),
                     "lon": lon + rng.uniform(-0.3, 0.3), "admin1": None, "country": "SY", "precision": "town"},
        "size": {"dead": None, "injured": None, "arrested": None},
        "status": rng.choice(STATUSES), "modality": "asserted", "claims": claims, "disputes": [],
        "documents": sorted({c["document_id"] for c in claims}), "n_sources": n,
    }  # fmt: skip


def build(db: Path, n: int) -> Store:
    store = Store(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
    if have == n:
        return store
    rng = random.Random(7)
    t = schema.events
    with store.engine.begin() as conn:
        conn.execute(t.delete())
        for start in range(0, n, 5000):
            rows = []
            for i in range(start, min(n, start + 5000)):
                r = _record(i, rng)
                loc = r["location"]
                rows.append({"id": r["id"], "event_type": r["event_type"], "date": r["date"]["value"],
                             "location": loc["name"], "country": loc["country"], "lat": loc["lat"], "lon": loc["lon"],
                             "status": r["status"], "n_sources": r["n_sources"], "record": json.dumps(r)})  # fmt: skip
            conn.execute(insert(t), rows)
    return store


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/claimgraph-serve-bench-{args.events}.db")
    t0 = time.perf_counter()
    store = build(db, args.events)
    print(
        f"database {db}: {args.events} events ready in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )

    from fastapi.testclient import TestClient

    from claimgraph.serve.app import create_app

    client = TestClient(create_app(store=store))
    some_id = f"evt_{args.events // 2:016x}"
    requests = {
        "api first page": "/api/v1/events",
        "api first page, type+status": "/api/v1/events?type=ASSAULT&status=contested",
        "api first page, sort -n_sources": "/api/v1/events?sort=-n_sources",
        "api text search": "/api/v1/events?q=warplanes+market",
        "api one event": f"/api/v1/events/{some_id}",
        "api stats (timeline)": "/api/v1/stats",
        "api points (map)": "/api/v1/points",
        "page /events": "/events",
        "page /events?type=ASSAULT": "/events?type=ASSAULT",
        "page one event": f"/events/{some_id}",
        "api actor (in every event)": "/api/v1/actors/SYR-MIL",
        "api actor graph": "/api/v1/actors/SYR-MIL/graph",
        "page actor (in every event)": "/actors/SYR-MIL",
    }
    print(
        f"{'request':36} {'first ms':>10} {'median ms':>10} {'max ms':>10}   ({args.events} events, {args.repeat} runs)"
    )
    for name, path in requests.items():
        t = time.perf_counter()
        r = client.get(path)  # warm-up (and the FTS index on the first search)
        first = (time.perf_counter() - t) * 1000
        assert r.status_code in (200, 404), (path, r.status_code)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{name:36} {first:10.1f} {statistics.median(times):10.1f} {max(times):10.1f}")


if __name__ == "__main__":
    main()
