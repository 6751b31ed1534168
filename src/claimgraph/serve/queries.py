"""Read queries for `serve`: filtered, keyset-paged event lists, stats, map points, documents.

In: the store's SQLAlchemy engine (tables of `claimgraph.store.schema`) and a `Filters`. Out:
export records (dicts, DESIGN.md §4) and plain aggregates. Read-only; SQL only with bound
parameters.

Filtering happens in two places. Columns the events table carries (type, date, country, status,
n_sources, lat/lon) are SQL conditions; fields that live only inside the JSON record (mode, ACLED
sub-type, actor, place name) are checked in Python on each row SQL returned, in batches, until a
page is full. That runs on any dialect; the price is a scan when a record-level filter matches
few events (fine at thousands of events, to be pushed into SQL when the 100k benchmark says so).

`q` (full text over evidence sentences) on SQLite goes through an FTS5 index held in memory by
this process (`Snapshot`), built from the stored events and rebuilt when the events table
changes (cheap to rebuild, and a reader never writes the database). Its hits join the SQL as one
bound JSON array (SQLite's json_each), so a search pages like any other filter. On PostgreSQL it
is a SQL condition, the record's evidence `tsvector` `@@` a `tsquery` of the words, answered by
the GIN index of migration 0005; there a search matches the words anywhere in the event's
evidence (any of its claims), on SQLite within one claim's sentence.

The same snapshot indexes the events by actor and recipient key, so an actor page looks up its
events' ids there and fetches only those rows by primary key (`rows_by_id`, `months`), and the
actor graph's edges come from it without reading a record.

Pagination is keyset: a cursor holds the last row's (sort key, id), so rows inserted while a
client pages never shift or repeat the rows it has not seen yet.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Numeric, and_, cast, false, func, or_, select, text
from sqlalchemy.sql import ColumnElement

from claimgraph.model import PLOVER_TYPES
from claimgraph.store import schema
from claimgraph.text import countries

Record = dict[str, Any]

STATUSES = ("reported", "corroborated", "contested", "denied", "planned", "hypothetical")
# sort name -> events column; a leading "-" sorts descending
SORTS = (
    "date",
    "-date",
    "n_sources",
    "-n_sources",
    "event_type",
    "-event_type",
    "country",
    "-country",
)
DEFAULT_SORT = "-date"
MAX_LIMIT = 500
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_BATCH = 400  # rows fetched per SQL round trip when Python-side filters are on
# more matching points than this and the map gets grid cells instead of one point per event
MAX_POINTS = 5000
# a text search with at most this many hits becomes `id IN (...)` in SQL
MAX_ID_LIST = 5000


class FilterError(ValueError):
    """A filter value the API cannot use; `field` names the query parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    mode: str | None = None
    acled: str | None = None
    actor: str | None = None
    recipient: str | None = None  # an actor on the receiving end (the actor graph's edges)
    country: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    since: str | None = None
    until: str | None = None
    status: list[str] = field(default_factory=list)
    min_sources: int | None = None
    q: str | None = None

    # -- parsing ---------------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        """Validate query parameters (str or list of str values; empty means unset)."""

        def one(name: str) -> str | None:
            v = params.get(name)
            if isinstance(v, (list, tuple)):
                v = v[-1] if v else None
            v = None if v is None else str(v).strip()
            return v or None

        def many(name: str) -> list[str]:
            v = params.get(name)
            vals = v if isinstance(v, (list, tuple)) else [v] if v is not None else []
            out: list[str] = []
            for item in vals:
                out.extend(p.strip() for p in str(item).split(",") if p.strip())
            return out

        f = cls()
        for t in many("type"):
            if t.upper() not in PLOVER_TYPES:
                raise FilterError(
                    "type", f"unknown event type {t!r}; one of {', '.join(PLOVER_TYPES)}"
                )
            f.types.append(t.upper())
        for s in many("status"):
            if s.lower() not in STATUSES:
                raise FilterError("status", f"unknown status {s!r}; one of {', '.join(STATUSES)}")
            f.status.append(s.lower())
        f.mode, f.acled, f.actor, f.place = one("mode"), one("acled"), one("actor"), one("place")
        f.recipient = one("recipient")
        f.q = one("q")
        if f.q is not None and len(f.q) > 500:
            raise FilterError("q", "at most 500 characters")
        country = one("country")
        if country is not None:
            f.country = _country_code(country)
        for name in ("since", "until"):
            v = one(name)
            if v is not None and not _valid_date(v):
                raise FilterError(name, f"{v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            setattr(f, name, v)
        if f.since and f.until and f.since > _until_key(f.until):
            raise FilterError("since", f"since {f.since} is after until {f.until}")
        ms = one("min_sources")
        if ms is not None:
            try:
                f.min_sources = int(ms)
            except ValueError:
                raise FilterError("min_sources", f"{ms!r} is not a whole number") from None
            if not 1 <= f.min_sources <= 10_000:
                raise FilterError("min_sources", "must be between 1 and 10000")
        bbox = one("bbox")
        if bbox is not None:
            f.bbox = _bbox(bbox)
        return f

    def params(self) -> dict[str, str]:
        """Back to query parameters (for links that keep the view)."""
        out: dict[str, str] = {}
        if self.types:
            out["type"] = ",".join(self.types)
        if self.status:
            out["status"] = ",".join(self.status)
        for name in (
            "mode",
            "acled",
            "actor",
            "recipient",
            "country",
            "place",
            "since",
            "until",
            "q",
        ):
            v = getattr(self, name)
            if v:
                out[name] = v
        if self.min_sources:
            out["min_sources"] = str(self.min_sources)
        if self.bbox:
            out["bbox"] = ",".join(f"{x:g}" for x in self.bbox)
        return out

    @property
    def needs_record(self) -> bool:
        return bool(self.mode or self.acled or self.actor or self.recipient or self.place)


def _valid_date(v: str) -> bool:
    if not _DATE.match(v):
        return False
    parts = [int(p) for p in v.split("-")]
    return (len(parts) < 2 or 1 <= parts[1] <= 12) and (len(parts) < 3 or 1 <= parts[2] <= 31)


def _until_key(until: str) -> str:
    """The largest date string within `until` ("2015" -> "2015-12-31", "2015-12" -> "2015-12-31")."""
    return until + {4: "-12-31", 7: "-31"}.get(len(until), "")


def _country_code(value: str) -> str:
    """ISO-2 code from an ISO-2 or ISO-3 code or a country name ("Syria" -> "SY"), read by
    `claimgraph.text.countries`."""
    c = countries.country(value)
    if c is None:
        raise FilterError("country", f"unknown country {value!r} (ISO code or English name)")
    return str(c.alpha_2)


def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4:
        raise FilterError("bbox", "four numbers: min_lon,min_lat,max_lon,max_lat")
    w, s, e, n = nums
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise FilterError(
            "bbox", "longitudes within ±180, latitudes within ±90, min_lat <= max_lat"
        )
    return w, s, e, n


# --- cursors ----------------------------------------------------------------------------------


def encode_cursor(sort: str, key: Any, event_id: str) -> str:
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, event_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise FilterError("cursor", "not a cursor this API gave out") from None
    if got_sort != sort:
        raise FilterError("cursor", f"the cursor was made for sort={got_sort}, not sort={sort}")
    if not isinstance(event_id, str) or not isinstance(key, (str, int, float)):
        raise FilterError("cursor", "not a cursor this API gave out")
    return key, event_id


# --- the text index and other per-version aggregates --------------------------------------------


class Snapshot:
    """What this process derives from one version of the events table: the FTS5 index over
    evidence sentences and the actors seen in events. Rebuilt when the table changes."""

    def __init__(self, version: tuple[Any, ...], records: Iterator[Record]) -> None:
        self.version = version
        self._fts = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._fts.execute(
            "CREATE VIRTUAL TABLE evidence USING fts5(event_id UNINDEXED, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.actors: dict[str, dict[str, Any]] = {}
        #: actor key -> ids of the events where it is actor / recipient (the actor page's index)
        self.as_actor: dict[str, list[str]] = defaultdict(list)
        self.as_recipient: dict[str, list[str]] = defaultdict(list)
        #: event id -> (actor keys, recipient keys): the actor graph's edges
        self.roles: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        #: GeoNames id -> ids of the events located there, and the place as the records name it
        self.at_place: dict[int, list[str]] = defaultdict(list)
        self.places: dict[int, dict[str, Any]] = {}
        #: answers derived from this version only (an actor's events, its graph), kept while
        #: the version lasts: a busy actor's page costs its scan of the index once
        self.memo: dict[tuple[str, ...], Any] = {}
        rows = []
        for rec in records:
            for c in rec.get("claims") or []:
                ev = (c.get("evidence") or {}).get("text")
                if ev:
                    rows.append((rec["id"], ev))
            keys: dict[str, tuple[str, ...]] = {}
            for role, key, index in (("actors", "as_actor", self.as_actor),
                                     ("recipients", "as_recipient", self.as_recipient)):  # fmt: skip
                found = []
                for a in rec.get(role) or []:
                    aid = actor_key(a)
                    entry = self.actors.setdefault(
                        aid, {"id": aid, "name": a.get("name"), "country": a.get("country"),
                              "sector": a.get("sector"), "as_actor": 0, "as_recipient": 0},
                    )  # fmt: skip
                    entry[key] += 1
                    if aid not in found:
                        found.append(aid)
                        index[aid].append(rec["id"])
                keys[role] = tuple(found)
            if keys["actors"] or keys["recipients"]:
                self.roles[rec["id"]] = (keys["actors"], keys["recipients"])
            loc = rec.get("location") or {}
            gid = loc.get("geonames_id")
            if isinstance(gid, int) and not isinstance(gid, bool):
                self.at_place[gid].append(rec["id"])
                self.places.setdefault(
                    gid, {k: loc.get(k) for k in ("name", "admin1", "country", "lat", "lon")}
                )
        self._fts.executemany("INSERT INTO evidence VALUES (?, ?)", rows)

    def search(self, q: str) -> set[str]:
        """Event ids whose evidence holds every word of `q` (a trailing * makes a prefix)."""
        words = _query_words(q)
        if not words:
            return set()
        expr = " ".join('"' + w + '"' + ("*" if prefix else "") for w, prefix in words)
        with self._lock:
            cur = self._fts.execute(
                "SELECT DISTINCT event_id FROM evidence WHERE evidence MATCH ?", (expr,)
            )
            return {r[0] for r in cur}


def _query_words(q: str) -> list[tuple[str, bool]]:
    """The words of a text search, each with whether it is a prefix (a trailing *)."""
    return [(w.rstrip("*"), w.endswith("*")) for w in re.findall(r"\w+\*?", q)]


#: the index expression of migration 0005 on the events table of a query
_EVIDENCE = schema.EVIDENCE_TSVECTOR.replace("(record)", "(events.record)")


def _tsvector_match(q: str) -> ColumnElement[bool]:
    """PostgreSQL: events whose evidence holds every word of `q` (a trailing * makes a prefix),
    through the GIN index of migration 0005. The words are \\w+ only, so the tsquery built from
    them has no operator of the user's; it is bound as a parameter all the same."""
    words = _query_words(q)
    if not words:
        return false()
    tsq = " & ".join(w + (":*" if prefix else "") for w, prefix in words)
    return text(f"{_EVIDENCE} @@ to_tsquery('simple'::regconfig, :tsq)").bindparams(tsq=tsq)  # type: ignore[return-value]


_MEMO_SIZE = 256


def _remember(memo: dict[tuple[str, ...], Any], key: tuple[str, ...], value: Any) -> None:
    if len(memo) >= _MEMO_SIZE:  # forget the oldest (dicts keep insertion order)
        memo.pop(next(iter(memo)), None)
    memo[key] = value


def actor_key(a: Mapping[str, Any]) -> str:
    """An actor reference's key: its registry id, or `name:` + the name the document gave."""
    return str(a.get("actor_id") or ("name:" + (a.get("name") or "?")))


class Reader:
    """Read queries over one store engine. Thread-safe (one Snapshot swapped under a lock)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    # -- versioning ------------------------------------------------------------------------------
    def version(self) -> tuple[Any, ...]:
        t = schema.events
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                # replace_events deletes and re-inserts a changed row, so max(rowid) moves on
                row = conn.execute(text("SELECT count(*), max(rowid) FROM events")).one()
            else:
                row = conn.execute(select(func.count(), func.max(t.c.id), func.min(t.c.id))).one()
        return tuple(row)

    def snapshot(self) -> Snapshot:
        v = self.version()
        snap = self._snapshot
        if snap is not None and snap.version == v:
            return snap
        with self._lock:
            if self._snapshot is None or self._snapshot.version != v:
                self._snapshot = Snapshot(v, self._all_records())
            return self._snapshot

    def _all_records(self) -> Iterator[Record]:
        t = schema.events
        with self.engine.connect() as conn:
            for r in conn.execute(select(t.c.record).order_by(t.c.id)):
                yield json.loads(r.record)

    # -- events ----------------------------------------------------------------------------------
    def _conditions(self, f: Filters) -> list[ColumnElement[bool]]:
        t = schema.events.c
        conds: list[ColumnElement[bool]] = []
        if f.types:
            conds.append(t.event_type.in_(f.types))
        if f.status:
            conds.append(t.status.in_(f.status))
        if f.country:
            conds.append(t.country == f.country)
        if f.since:
            conds.append(t.date >= f.since)
        if f.until:
            conds.append(t.date <= _until_key(f.until))
        if f.min_sources:
            conds.append(t.n_sources >= f.min_sources)
        if f.bbox:
            w, s, e, n = f.bbox
            conds.append(t.lat.between(s, n))
            # a box across the antimeridian has west > east
            conds.append(t.lon.between(w, e) if w <= e else or_(t.lon >= w, t.lon <= e))
        return conds

    def _where(self, f: Filters) -> tuple[list[ColumnElement[bool]], set[str] | None]:
        """SQL conditions for `f`, with the text search's hits among them when the dialect
        allows; else those hits are returned to be checked in Python."""
        base = self._conditions(f)
        if f.q and self.engine.dialect.name == "postgresql":
            base.append(_tsvector_match(f.q))
            return base, None
        ids = self.snapshot().search(f.q) if f.q else None
        if ids is not None and self.engine.dialect.name == "sqlite":
            # the hits as one bound JSON array, unpacked by SQLite's json_each: no limit on count
            hits = func.json_each(json.dumps(sorted(ids))).table_valued("value")
            base.append(schema.events.c.id.in_(select(hits.c.value)))
            ids = None
        elif ids is not None and len(ids) <= MAX_ID_LIST:  # few hits: a SQL condition
            base.append(schema.events.c.id.in_(sorted(ids)))
            ids = None
        return base, ids

    def _predicate(self, f: Filters, ids: set[str] | None) -> Callable[[str, Record | None], bool]:
        """Python-side conditions on (event id, record); `ids`: the text search's hits."""
        actor = ActorMatcher(f.actor) if f.actor else None
        recipient = ActorMatcher(f.recipient) if f.recipient else None
        mode = f.mode.casefold() if f.mode else None
        acled = f.acled.casefold() if f.acled else None
        place = f.place.casefold() if f.place else None

        def ok(event_id: str, rec: Record | None) -> bool:
            if ids is not None and event_id not in ids:
                return False
            if rec is None:
                return True
            if mode and mode not in [m.casefold() for m in rec.get("mode") or []]:
                return False
            if acled:
                a = rec.get("acled") or {}
                if acled not in (
                    (a.get("sub_event_type") or "").casefold(),
                    (a.get("event_type") or "").casefold(),
                ):
                    return False
            if place:
                loc = rec.get("location") or {}
                if not any(place in (loc.get(k) or "").casefold() for k in ("name", "admin1")):
                    return False
            if actor and not actor.matches(rec):
                return False
            if recipient and not any(recipient.matches_ref(a) for a in rec.get("recipients") or []):
                return False
            return True

        return ok

    def iter_events(
        self, f: Filters, sort: str = DEFAULT_SORT, after: tuple[Any, str] | None = None,
        with_record: bool = True, batch: int | None = None,
    ) -> Iterator[tuple[Any, str, dict[str, Any]]]:  # fmt: skip
        """(sort key, id, row) of every matching event in sort order, after the cursor if given.
        `row` has the table's columns, plus `record` (parsed) when asked or needed to filter.
        `batch`: rows per SQL query when every filter is SQL (a page asks for limit + 1)."""
        base, ids = self._where(f)
        sql_only = not f.needs_record and ids is None
        # every SQL round trip sorts the candidates again: ask for a page's worth when SQL does
        # all the filtering, for many rows when Python only checks ids, in batches otherwise
        size = (batch or _BATCH) if sql_only else _BATCH if f.needs_record else 20_000
        t = schema.events
        desc = sort.startswith("-")
        col = getattr(t.c, sort.lstrip("-"))
        key = func.coalesce(col, 0 if sort.lstrip("-") == "n_sources" else "")
        cols = [t.c.id, t.c.event_type, t.c.date, t.c.location, t.c.country, t.c.lat, t.c.lon,
                t.c.status, t.c.n_sources]  # fmt: skip
        need_record = with_record or f.needs_record
        if need_record:
            cols.append(t.c.record)
        ok = self._predicate(f, ids)
        while True:
            conds = list(base)
            if after is not None:
                k, i = after
                if desc:
                    conds.append(or_(key < k, and_(key == k, t.c.id < i)))
                else:
                    conds.append(or_(key > k, and_(key == k, t.c.id > i)))
            q = select(key.label("sort_key"), *cols).where(*conds)
            q = q.order_by(key.desc(), t.c.id.desc()) if desc else q.order_by(key, t.c.id)
            with self.engine.connect() as conn:
                rows = conn.execute(q.limit(size)).all()
            for r in rows:
                row = dict(r._mapping)
                rec = json.loads(row.pop("record")) if need_record else None
                if ok(row["id"], rec):
                    if rec is not None:
                        row["record"] = rec
                    yield row.pop("sort_key"), row["id"], row
            if len(rows) < size:
                return
            last = rows[-1]
            after = (last.sort_key, last.id)

    def page(self, f: Filters, sort: str = DEFAULT_SORT, cursor: str | None = None,
             limit: int = 50) -> tuple[list[Record], str | None]:  # fmt: skip
        """One page of export records and the cursor of the next page (None at the end)."""
        after = decode_cursor(cursor, sort) if cursor else None
        out: list[Record] = []
        last: tuple[Any, str] | None = None
        for key, event_id, row in self.iter_events(f, sort, after, batch=limit + 1):
            if len(out) == limit:
                assert last is not None
                return out, encode_cursor(sort, last[0], last[1])
            out.append(row["record"])
            last = (key, event_id)
        return out, None

    def records(
        self, f: Filters, sort: str = DEFAULT_SORT, limit: int | None = None
    ) -> Iterator[Record]:
        for n, (_, _, row) in enumerate(self.iter_events(f, sort)):
            if limit is not None and n >= limit:
                return
            yield row["record"]

    def event(self, event_id: str) -> Record | None:
        """The export record of an event, by id or by a unique prefix of 8+ characters."""
        t = schema.events
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.record).where(t.c.id == event_id)).first()
            if row is None and len(event_id) >= 8:
                pattern = (
                    event_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                )
                rows = conn.execute(
                    select(t.c.record).where(t.c.id.like(pattern, escape="\\")).limit(2)
                ).all()
                row = rows[0] if len(rows) == 1 else None
        return json.loads(row.record) if row else None

    # -- aggregates ------------------------------------------------------------------------------
    def stats(self, f: Filters) -> dict[str, Any]:
        by_type: Counter[str] = Counter()
        by_day: Counter[str] = Counter()
        by_country: Counter[str] = Counter()
        by_status: Counter[str] = Counter()
        by_day_type: dict[str, Counter[str]] = defaultdict(Counter)
        undated = total = 0
        t = schema.events.c
        groups: Iterator[tuple[str, str | None, str | None, str | None, int]]
        conds, ids = self._where(f)
        if not f.needs_record and ids is None:  # one GROUP BY; else count what passes in Python
            q = (select(t.event_type, t.date, t.country, t.status, func.count())
                 .where(*conds).group_by(t.event_type, t.date, t.country, t.status))  # fmt: skip
            with self.engine.connect() as conn:
                groups = iter([tuple(r) for r in conn.execute(q)])  # type: ignore[misc]
        else:
            groups = ((r["event_type"], r["date"], r["country"], r["status"], 1)
                      for _, _, r in self.iter_events(f, "date", with_record=False))  # fmt: skip
        for etype, day, country, status, n in groups:
            total += n
            by_type[etype] += n
            by_status[status or "?"] += n
            by_country[country or "?"] += n
            day = day or ""
            if len(day) == 10 and day[0].isdigit():
                by_day[day] += n
                by_day_type[day][etype] += n
            else:
                undated += n
        return {
            "total": total,
            "by_type": dict(by_type.most_common()),
            "by_status": dict(by_status.most_common()),
            "by_country": dict(by_country.most_common()),
            "by_day": dict(sorted(by_day.items())),
            "by_day_type": {d: dict(c) for d, c in sorted(by_day_type.items())},
            "undated": undated,
        }

    def rows_by_id(
        self, ids: list[str], sort: str = "-date", limit: int | None = None
    ) -> list[dict[str, Any]]:
        """The table columns of the events `ids` (primary-key lookups, no scan), in `sort` order."""
        t = schema.events
        if not ids:
            return []
        cols = [
            t.c.id,
            t.c.event_type,
            t.c.date,
            t.c.location,
            t.c.country,
            t.c.status,
            t.c.n_sources,
        ]
        desc = sort.startswith("-")
        col = getattr(t.c, sort.lstrip("-"))
        key = func.coalesce(col, 0 if sort.lstrip("-") == "n_sources" else "")
        order = (key.desc(), t.c.id.desc()) if desc else (key, t.c.id)
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                wanted = func.json_each(json.dumps(ids)).table_valued("value")
                q = select(*cols).where(t.c.id.in_(select(wanted.c.value))).order_by(*order)
                rows = conn.execute(q.limit(limit) if limit else q).all()
            else:  # bound lists of at most 500 ids, merged in Python
                rows = []
                for i in range(0, len(ids), 500):
                    rows.extend(
                        conn.execute(select(*cols).where(t.c.id.in_(ids[i : i + 500]))).all()
                    )
                rows.sort(key=lambda r: (getattr(r, sort.lstrip("-")) or "", r.id), reverse=desc)
                rows = rows[:limit] if limit else rows
        return [dict(r._mapping) for r in rows]

    def months(self, ids: list[str]) -> dict[str, int]:
        """Events per month (YYYY-MM) among `ids`; undated events are left out."""
        t = schema.events
        month = func.substr(t.c.date, 1, 7)
        out: Counter[str] = Counter()
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                wanted = func.json_each(json.dumps(ids)).table_valued("value")
                chunks = [t.c.id.in_(select(wanted.c.value))] if ids else []
            else:
                chunks = [t.c.id.in_(ids[i : i + 500]) for i in range(0, len(ids), 500)]
            for cond in chunks:
                q = (
                    select(month.label("m"), func.count().label("n"))
                    .where(cond, t.c.date.is_not(None))
                    .group_by(month)
                )
                for r in conn.execute(q):
                    if r.m and len(r.m) == 7 and r.m[0].isdigit():
                        out[r.m] += r.n
        return dict(sorted(out.items()))

    def actor_events(self, actor_id: str) -> tuple[list[str], list[str]]:
        """Ids of the events where `actor_id`, or an actor under it in the registry (Russia:
        Russia military), is actor / recipient; read from the snapshot's index, not the table."""
        snap = self.snapshot()
        memo = snap.memo.get(("events", actor_id))
        if memo is None:
            m = ActorMatcher.for_id(actor_id)
            keys = [k for k in snap.actors if m.matches_key(k)]
            memo = (sorted({e for k in keys for e in snap.as_actor.get(k, ())}),
                    sorted({e for k in keys for e in snap.as_recipient.get(k, ())}))  # fmt: skip
            _remember(snap.memo, ("events", actor_id), memo)
        return memo

    def place_events(self, geonames_id: int) -> tuple[list[str], dict[str, Any] | None]:
        """Ids of the events located at a GeoNames place, and the place as their records name it
        (None when no event is there): the snapshot's index, no table scan."""
        snap = self.snapshot()
        return list(snap.at_place.get(geonames_id, ())), snap.places.get(geonames_id)

    def actor_graph(self, actor_id: str, max_edges: int = 60) -> dict[str, Any]:
        """Who acts on whom in the events of `actor_id`: nodes (actors) and edges (actor ->
        recipient) weighted by the number of events, the heaviest `max_edges` edges."""
        snap = self.snapshot()
        as_actor, as_recipient = self.actor_events(actor_id)
        m = ActorMatcher.for_id(actor_id)
        weights = snap.memo.get(("pairs", actor_id))
        if weights is None:
            weights = Counter()
            for event_id in set(as_actor) | set(as_recipient):
                actors, recipients = snap.roles.get(event_id, ((), ()))
                for a in actors:
                    for r in recipients:
                        if a != r:
                            weights[(a, r)] += 1
            _remember(snap.memo, ("pairs", actor_id), weights)
        edges = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_edges]
        ids = {actor_id} | {k for (a, r), _ in edges for k in (a, r)}
        nodes = []
        for k in sorted(ids):
            seen = snap.actors.get(k, {})
            nodes.append({"id": k, "name": seen.get("name") or k.removeprefix("name:"), "focus": k == actor_id or m.matches_key(k),
                          "events": seen.get("as_actor", 0) + seen.get("as_recipient", 0),
                          "filter": k.removeprefix("name:") if k.startswith("name:") else k})  # fmt: skip
        return {
            "nodes": nodes,
            "edges": [{"source": a, "target": r, "events": n} for (a, r), n in edges],
            "total_edges": len(weights),
        }

    def points(self, f: Filters) -> dict[str, Any]:
        """Map points: one per event with coordinates, or grid cells (0.1°) when there are more
        than MAX_POINTS. With SQL-only filters the cells are a GROUP BY; no 100k markers."""
        t = schema.events.c
        conds, ids = self._where(f)
        if not f.needs_record and ids is None:
            with self.engine.connect() as conn:
                n = conn.execute(
                    select(func.count()).where(*conds, t.lat.is_not(None), t.lon.is_not(None))
                ).scalar_one()
                missing = conn.execute(
                    select(func.count()).where(*conds, or_(t.lat.is_(None), t.lon.is_(None)))
                ).scalar_one()
                if n > MAX_POINTS:
                    la, lo = (
                        func.round(cast(t.lat, Numeric), 1),
                        func.round(cast(t.lon, Numeric), 1),
                    )
                    q = (select(la.label("la"), lo.label("lo"), t.event_type, func.count().label("n"))
                         .where(*conds, t.lat.is_not(None), t.lon.is_not(None))
                         .group_by(la, lo, t.event_type))  # fmt: skip
                    cells: dict[tuple[float, float], Counter[str]] = defaultdict(Counter)
                    for r in conn.execute(q):
                        cells[(float(r.la), float(r.lo))][r.event_type] += r.n
                    return _cells(cells, missing)
        pts: list[dict[str, Any]] = []
        missing = 0
        for _, _, row in self.iter_events(f, "date", with_record=False, batch=20_000):
            if row["lat"] is None or row["lon"] is None:
                missing += 1
                continue
            pts.append({"id": row["id"], "lat": row["lat"], "lon": row["lon"], "type": row["event_type"],
                        "date": row["date"], "location": row["location"], "status": row["status"],
                        "n_sources": row["n_sources"]})  # fmt: skip
        if len(pts) <= MAX_POINTS:
            return {"aggregated": False, "points": pts, "without_coordinates": missing}
        grid: dict[tuple[float, float], Counter[str]] = defaultdict(Counter)
        for p in pts:
            grid[(round(p["lat"], 1), round(p["lon"], 1))][p["type"]] += 1
        return _cells(grid, missing)

    # -- documents, actors, errors ---------------------------------------------------------------
    def documents_meta(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        d = schema.documents.c
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(d.id, d.uri, d.url, d.title, d.outlet, d.published, d.status).where(
                    d.id.in_(ids)
                )
            )
            return {r.id: dict(r._mapping) for r in rows}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document: meta, text, record (segments, mentions...) and its events."""
        d, em = schema.documents.c, schema.event_mentions.c
        with self.engine.connect() as conn:
            row = conn.execute(
                select(d.id, d.uri, d.url, d.title, d.outlet, d.published, d.status, d.text, d.record)
                .where(d.id == doc_id)
            ).first()  # fmt: skip
            if row is None:
                return None
            out = dict(row._mapping)
            out["record"] = json.loads(out["record"])
            mention_ids = [m["id"] for m in out["record"].get("mentions") or []]
            events: dict[str, str] = {}
            for i in range(0, len(mention_ids), 500):
                q = select(em.mention_id, em.event_id).where(
                    em.mention_id.in_(mention_ids[i : i + 500])
                )
                events.update({r.mention_id: r.event_id for r in conn.execute(q)})
        out["mention_events"] = events
        return out

    def errors(self) -> list[dict[str, Any]]:
        t = schema.doc_errors
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.uri, t.c.stage))]

    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for name, t in (("documents", schema.documents), ("events", schema.events),
                            ("errors", schema.doc_errors)):  # fmt: skip
                out[name] = conn.execute(select(func.count()).select_from(t)).scalar_one()
        return out


def _cells(cells: Mapping[tuple[float, float], Counter[str]], missing: int) -> dict[str, Any]:
    return {
        "aggregated": True,
        "cells": [
            {"lat": la, "lon": lo, "count": sum(c.values()), "types": dict(c)}
            for (la, lo), c in sorted(cells.items())
        ],  # fmt: skip
        "without_coordinates": missing,
    }


class ActorMatcher:
    """Does an event involve the actor a user typed? Any alias in either script resolves through
    the registry; the event matches when one of its actors or recipients has that id, or a
    registry parent of its id is that id (Russia matches "Russia military"), or, for names the
    registry does not know, when the typed text is part of the name."""

    def __init__(self, query: str) -> None:
        self.query = query.strip()
        self.needle = self.query.casefold()
        self.ids: set[str] = {self.query}
        from claimgraph.actors import registry, resolve_match

        self._reg = registry()
        m = resolve_match(self.query, self._reg)
        if m is not None:
            self.ids.add(m.actor.id)
        self._parents: dict[str, set[str]] = {}

    def _lineage(self, actor_id: str) -> set[str]:
        if actor_id not in self._parents:
            seen: set[str] = set()
            aid: str | None = actor_id
            while aid and aid not in seen and len(seen) < 8:
                seen.add(aid)
                a = self._reg.get(aid)
                if a is None:
                    break
                seen.add(a.id)
                aid = a.parent
            self._parents[actor_id] = seen
        return self._parents[actor_id]

    @classmethod
    def for_id(cls, actor_id: str) -> ActorMatcher:
        """Matches an actor id (and the actors under it), never a name by substring."""
        m = cls.__new__(cls)
        from claimgraph.actors import registry

        m.query, m.needle, m._reg, m._parents = actor_id, "\0", registry(), {}
        actor = m._reg.get(actor_id)
        m.ids = {actor_id} | ({actor.id} if actor else set())
        return m

    def matches_key(self, key: str) -> bool:
        """Does an actor key (`actor_key`) belong to this actor?"""
        if key.startswith("name:"):
            return key in self.ids or self.needle in key[5:].casefold()
        return bool(self._lineage(key) & self.ids)

    def matches_ref(self, a: Mapping[str, Any]) -> bool:
        aid = a.get("actor_id")
        if aid and self._lineage(aid) & self.ids:
            return True
        return self.needle in (a.get("name") or "").casefold()

    def matches(self, rec: Record) -> bool:
        return any(
            self.matches_ref(a) for a in (rec.get("actors") or []) + (rec.get("recipients") or [])
        )
