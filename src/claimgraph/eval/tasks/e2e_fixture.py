"""`claimgraph eval e2e --data tests/fixtures/e2e`: the event table an analyst reads, scored row by row.

Gold: `voa_events_gold.jsonl`, our own annotation of every event 30 bundled VOA demo stories
report (guidelines in GUIDELINES.md beside it), written from the story text alone. The stories
are run through one full `claimgraph run` (`e2e_common.run_documents`); the stored events are
scored as exported.

- **Exported as current**: events whose status says they happened (reported, corroborated,
  contested) and that are not historical background. These are the rows `claimgraph events`
  shows by default and the ones an analyst counts.
- **Match**: an exported event matches a gold event when one of its claims cites that gold
  event's story with an evidence sentence overlapping one of the gold sentences (at least half
  of the shorter one) and its PLOVER type is the gold type or one of its `alt_types` (a RETREAT
  release or return also counts as the guidelines' CONCEDE, see `_RELEASE_MODES`). Gold events
  with one `key` across stories are one event. Matching is one to one (maximum bipartite
  assignment), so a second row for an event already matched is a false positive (`duplicates`).
- **precision** = matched current rows / current rows, against gold events that happened
  (asserted or hedged, not historical); **recall** = those gold events matched / all of them.
- **unreal_as_current**: current rows whose best match is a gold event that did not (yet)
  happen (planned, hypothetical, negated) or is historical; `unhappened_as_current` counts
  only the first kind (the acceptance's "no planned, hypothetical or negated mention exported as
  a reported event" wants it 0), the rest are history told as current.
- Fields, over matched rows: actor and recipient (a row's name matches one of the gold names by
  content words, as in `eval roles`), country, date (the row's day lies in the gold day, month or
  year), fatalities (the row's best count equals the gold number). `*_acc` counts what the row
  states (a wrong value is an error, an empty one is not); `fatalities_coverage` is the share of
  matched rows with a gold number whose `size.dead` is not empty. `row_precision` = matched
  rows with no wrong field / current rows: the share of rows an analyst can take as they stand.
  `dead_stated_not_given`: attack rows whose evidence states a death toll they do not carry.
- Error classes (`missed_*`, `false_*`, counts; `_ErrorClasses` defines them): what kind of
  mistake each missed gold event and each false row is, so that work aims at a class and a
  sealed set can say which classes it has without anyone reading its rows.

Nothing is fitted to this fixture. Set `CLAIMGRAPH_E2E_DUMP=FILE` to write every row and gold
event with its match (for reading errors, never for tuning single cases).
"""

from __future__ import annotations

import calendar
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each

from .e2e_common import E2eDoc, claim_spans, overlaps, run_documents
from .roles import _match as names_match

if TYPE_CHECKING:
    from collections.abc import Collection

    from claimgraph.pipeline import Pipeline

GOLD_FILE = "voa_events_gold.jsonl"
FACTUAL_STATUSES = frozenset({"reported", "corroborated", "contested"})
_FACTUAL_MODALITIES = frozenset({"asserted", "hedged"})


def _story(line: str, corpus: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One annotated story: its `story` id (a demo story's) and its `events`, each with a `key`,
    a `type` and a `sentence` (events without them are left out)."""
    gs = json.loads(line)
    story = str(gs["story"])
    if not isinstance(corpus[story].get("text"), str):  # a story not in the demo corpus: KeyError
        raise TypeError("the demo story has no text")
    events = [g for g in (gs.get("events") or [])
              if isinstance(g, dict) and g.get("key") and g.get("type") and isinstance(g.get("sentence"), str)]  # fmt: skip
    return {**gs, "story": story, "events": events}


def _load_gold(
    data: Path, corpus: dict[str, dict[str, Any]], skipped: Skipped
) -> list[dict[str, Any]]:
    path = data / GOLD_FILE
    if not path.exists():
        raise UnknownDataset(f"{data} has no {GOLD_FILE}")
    with path.open(encoding="utf-8") as fh:
        return list(each((ln for ln in fh if ln.strip()), lambda ln: _story(ln, corpus), skipped))


STORIES_FILE = "stories.jsonl"


def _stories(data: Path) -> dict[str, dict[str, Any]]:
    """The bundled demo stories, plus the fixture's own `stories.jsonl` when it has one (a test
    set of stories the demo does not bundle carries their text beside its gold)."""
    from claimgraph.resources import data_path

    paths = [data_path("demo", "voa_demo.jsonl"), data / STORIES_FILE]
    out: dict[str, dict[str, Any]] = {}
    for path in paths:
        if path.exists():
            with path.open(encoding="utf-8") as f:
                out.update(
                    (str(r["id"]), r) for r in map(json.loads, (ln for ln in f if ln.strip()))
                )
    return out


def is_current(rec: dict[str, Any]) -> bool:
    return rec.get("status") in FACTUAL_STATUSES and "historical" not in (rec.get("mode") or [])


def gold_happened(g: dict[str, Any]) -> bool:
    return g.get("modality", "asserted") in _FACTUAL_MODALITIES and not g.get("historical")


def _spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    out = []
    for s in sentences:
        i = text.find(s)
        if i >= 0:
            out.append((i, i + len(s)))
    return out


def _gold_interval(gold: str) -> tuple[date, date] | None:
    parts = gold.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        d = date.fromisoformat(gold)
    except ValueError:
        return None
    return d, d


def _date_ok(rec: dict[str, Any], gold_date: str | None) -> bool | None:
    """The row's date and the gold one denote nested periods (a coarser statement is not wrong)."""
    from claimgraph.merge.features import date_interval

    d = rec.get("date") or {}
    if not d.get("value") or not gold_date:
        return None
    mine = date_interval(d["value"], d.get("end"), d.get("granularity") or "day")
    theirs = _gold_interval(gold_date)
    if mine is None or theirs is None:
        return None
    return (mine[0] >= theirs[0] and mine[1] <= theirs[1]) or (
        theirs[0] >= mine[0] and theirs[1] <= mine[1]
    )


def _names_ok(names: list[str], gold: list[str]) -> bool | None:
    if not names:
        return None
    if not gold:
        return False
    return any(names_match(n, g) for n in names for g in gold)


def _fatalities_ok(rec: dict[str, Any], gold: int | None) -> bool | None:
    dead = (rec.get("size") or {}).get("dead") or {}
    best = dead.get("best")
    if gold is None:
        return None if best is None else False
    if best is None:
        return None
    lo = dead["low"] if dead.get("low") is not None else best
    hi = dead["high"] if dead.get("high") is not None else best
    return best == gold or lo <= gold <= hi


def _dead_stated_not_given(current: list[dict[str, Any]]) -> int:
    """Violent rows (ASSAULT) whose own evidence states a number of dead that the row does not
    carry: the acceptance's "fatalities non-empty wherever the evidence states a number". The
    number is read by the same casualty patterns the pipeline uses, from the evidence alone."""
    from claimgraph.events.sizes import sizes

    n = 0
    for rec in current:
        if (
            rec["event_type"] != "ASSAULT"
            or ((rec.get("size") or {}).get("dead") or {}).get("best") is not None
        ):
            continue
        if any(k == "dead" for c in rec["claims"] for k, _c, _o in sizes(c["evidence"]["text"])):
            n += 1
    return n


def _assign(pairs: dict[int, set[str]]) -> dict[int, str]:
    """Maximum one-to-one assignment rows -> gold keys (augmenting paths; graphs are small)."""
    owner: dict[str, int] = {}

    def augment(r: int, seen: set[str]) -> bool:
        for k in sorted(pairs[r]):
            if k in seen:
                continue
            seen.add(k)
            if k not in owner or augment(owner[k], seen):
                owner[k] = r
                return True
        return False

    for r in sorted(pairs):
        augment(r, set())
    return {r: k for k, r in owner.items()}


def evaluate(
    data: Path,
    *,
    limit: int | None = None,
    stories: Collection[str] | None = None,
    pipeline: Pipeline | None = None,
) -> EvalResult:
    """Run the gold stories through the pipeline, match the current rows to the gold events one
    to one, and score the matches and their fields (the module's docstring says how).
    `stories`: only these story ids (a cross-validation fold); `pipeline`: other stages than
    the shipped ones (a fold's judge)."""
    corpus = _stories(data)
    skipped = Skipped()
    gold_stories = _selected(_load_gold(data, corpus, skipped), stories, limit)
    run = run_documents(_documents(gold_stories, corpus), pipeline=pipeline)
    texts = {gs["story"]: corpus[gs["story"]]["text"] for gs in gold_stories}
    gold, gold_spans = _gold_events(gold_stories, texts)

    ours = set(run.document_ids.values())
    rows = [r for r in run.records if any(c["document_id"] in ours for c in r["claims"])]
    current = [r for r in rows if is_current(r)]
    cand_real, cand_unreal = _candidates(current, run, texts, gold, gold_spans)
    match = _assign(dict(cand_real))
    matched_rows = set(match)
    unreal = [ri for ri in cand_unreal if ri not in matched_rows and ri not in cand_real]
    duplicates = [ri for ri in cand_real if ri not in matched_rows]
    real_keys = [k for k, g in gold.items() if gold_happened(g)]

    tp = len(match)
    p, r, f = prf(tp, len(current) - tp, len(real_keys) - tp)
    fields = _FieldScores.of(match, current, gold)
    metrics: dict[str, float] = {
        "precision": p,
        "recall": r,
        "f1": f,
        "row_precision": fields.clean_rows / len(current) if current else 0.0,
        "precision_without_duplicates": tp / (len(current) - len(duplicates)) if current else 0.0,
        "rows": float(len(current)),
        "rows_all_statuses": float(len(rows)),
        "gold_events": float(len(real_keys)),
        "duplicates": float(len(duplicates)),
        "unreal_as_current": float(len(unreal)),
        # of those: matched only to events that did not happen (planned, hypothetical, negated)
        "unhappened_as_current": float(_unhappened(unreal, cand_unreal, gold)),
        "fatalities_coverage": (
            fields.cover["given"] / fields.cover["gold"] if fields.cover["gold"] else 0.0
        ),
        "dead_stated_not_given": float(_dead_stated_not_given(current)),
    }
    for name, cnt in sorted(fields.counts.items()):
        metrics[f"{name}_acc"] = cnt["right"] / (cnt["right"] + cnt["wrong"]) if cnt else 0.0
    told = _ErrorClasses(run, texts, gold, gold_spans)
    metrics.update(told.missed(rows, current, match, real_keys, cand_real))
    metrics.update(told.false_rows(current, match, cand_real, cand_unreal))
    table_rows = _type_precision(current, match)
    table_rows.append(("failed documents", ", ".join(run.failed) or "none"))
    skipped.report(metrics, table_rows)

    dump = os.environ.get("CLAIMGRAPH_E2E_DUMP")
    if dump:
        _dump(Path(dump), rows, current, match, cand_real, cand_unreal, [
            gold[k] for k in real_keys if k not in set(match.values())
        ])  # fmt: skip
    return EvalResult(task="e2e", dataset="voa_events_gold", n=len(gold_stories), metrics=metrics,
                      rows=table_rows)  # fmt: skip


def _selected(
    gold_stories: list[dict[str, Any]], stories: Collection[str] | None, limit: int | None
) -> list[dict[str, Any]]:
    """The gold stories of `stories` (all when None), the first `limit` of them."""
    if stories is not None:
        gold_stories = [gs for gs in gold_stories if gs["story"] in stories]
    return gold_stories[:limit] if limit else gold_stories


def _documents(
    gold_stories: list[dict[str, Any]], corpus: dict[str, dict[str, Any]]
) -> list[E2eDoc]:
    """The demo stories that were annotated, as documents for the run."""
    docs = []
    for gs in gold_stories:
        r = corpus[gs["story"]]
        docs.append(E2eDoc(id=gs["story"], text=r["text"], title=r.get("title"),
                           published=r.get("published"), url=r.get("url")))  # fmt: skip
    return docs


def _gold_events(
    gold_stories: list[dict[str, Any]], texts: dict[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, list[tuple[str, tuple[int, int]]]]]:
    """Gold events by key (one real-world event across stories), and the (story, sentence span)
    pairs that tell each of them."""
    gold: dict[str, dict[str, Any]] = {}
    gold_spans: dict[str, list[tuple[str, tuple[int, int]]]] = defaultdict(list)
    for gs in gold_stories:
        for g in gs["events"]:
            k = g["key"]
            # one real-world event told by several stories: it happened if any story says so
            # ("will meet" in Monday's story, "met" in Wednesday's), and that story's fields count
            if k not in gold or (gold_happened(g) and not gold_happened(gold[k])):
                gold[k] = g
            for sp in _spans(texts[gs["story"]], [g["sentence"], *g.get("also", [])]):
                gold_spans[k].append((gs["story"], sp))
    return gold, gold_spans


#: modes of a RETREAT row that GUIDELINES.md types CONCEDE ("yield: release prisoners or
#: hostages, return property"): CAMEO 084 "return, release", which the PLOVER 0.8 table the
#: pipeline follows (CAMEO2PLOVER-2021: 0841 "RETREAT, release", 0842 "RETREAT, return") codes
#: RETREAT. One act, two codings: the row matches a gold event of either type.
_RELEASE_MODES = frozenset({"release", "return"})


def _row_types(rec: dict[str, Any]) -> set[str]:
    """The gold types a row's type stands for (the guidelines' CONCEDE for a release)."""
    types = {rec["event_type"]}
    if rec["event_type"] == "RETREAT" and _RELEASE_MODES & set(rec.get("mode") or []):
        types.add("CONCEDE")
    return types


def _candidates(
    current: list[dict[str, Any]],
    run: Any,
    texts: dict[str, str],
    gold: dict[str, dict[str, Any]],
    gold_spans: dict[str, list[tuple[str, tuple[int, int]]]],
) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """For each current row (by index), the gold keys it may match: of the right type, with an
    evidence sentence overlapping a gold sentence; split into gold events that happened and
    those that did not."""
    cand_real: dict[int, set[str]] = defaultdict(set)
    cand_unreal: dict[int, set[str]] = defaultdict(set)
    for ri, rec in enumerate(current):
        for k in _typed(rec, _told(rec, run, texts, gold_spans), gold):
            (cand_real if gold_happened(gold[k]) else cand_unreal)[ri].add(k)
    return cand_real, cand_unreal


def _told(
    rec: dict[str, Any],
    run: Any,
    texts: dict[str, str],
    gold_spans: dict[str, list[tuple[str, tuple[int, int]]]],
) -> set[str]:
    """Gold keys one of whose sentences a row's evidence overlaps, whatever their type."""
    spans = list(claim_spans(rec, run, texts))
    return {
        k
        for k, kspans in gold_spans.items()
        if any(s == gs and overlaps(sp, gsp) for s, sp in spans for gs, gsp in kspans)
    }


def _typed(rec: dict[str, Any], keys: set[str], gold: dict[str, dict[str, Any]]) -> set[str]:
    """Of `keys`, the gold events whose type (or an alternative) the row's type stands for."""
    return {k for k in keys if _row_types(rec) & {gold[k]["type"], *gold[k].get("alt_types", [])}}


def _field_checks(rec: dict[str, Any], g: dict[str, Any]) -> dict[str, bool | None]:
    """Each field of a matched row against its gold event: True right, False wrong, None when
    the row or the gold does not state it."""
    checks: dict[str, bool | None] = {
        "actor": _names_ok([a["name"] for a in rec["actors"]], g.get("actor") or []),
        "recipient": _names_ok([a["name"] for a in rec["recipients"]], g.get("recipient") or []),
        "country": None,
        "date": _date_ok(rec, g.get("date")),
        "fatalities": _fatalities_ok(rec, g.get("fatalities")),
    }
    loc_country = (rec.get("location") or {}).get("country")
    gold_country = (g.get("place") or {}).get("country")
    if loc_country and gold_country:
        checks["country"] = loc_country.upper() == gold_country.upper()
    return checks


@dataclass
class _FieldScores:
    """Over the matched rows: right and wrong counts per field, rows with no wrong field, and
    how many rows with a gold death toll carry one (`cover`: "gold", "given")."""

    counts: dict[str, Counter[str]]
    clean_rows: int
    cover: Counter[str]

    @classmethod
    def of(
        cls, match: dict[int, str], current: list[dict[str, Any]], gold: dict[str, dict[str, Any]]
    ) -> _FieldScores:
        scores = cls(defaultdict(Counter), 0, Counter())
        for ri, k in match.items():
            rec, g = current[ri], gold[k]
            checks = _field_checks(rec, g)
            for name, ok in checks.items():
                if ok is not None:
                    scores.counts[name]["right" if ok else "wrong"] += 1
            if not any(ok is False for ok in checks.values()):
                scores.clean_rows += 1
            if g.get("fatalities") is not None:
                scores.cover["gold"] += 1
                scores.cover["given"] += ((rec.get("size") or {}).get("dead") or {}).get(
                    "best"
                ) is not None
        return scores


@dataclass
class _ErrorClasses:
    """Where the errors come from, as counts (aggregate only, so that a sealed set can be
    scored for them without reading a case). A missed gold event is `wrong_type` when a current
    row states its sentence with another type, `hidden` when a row of its type states it but is
    not current (planned, hypothetical, negated, historical), `taken` when a current row of its
    type is there but matched to another gold event, else `absent` (no stored event tells it). A
    false row is `duplicate`, `unreal`, `wrong_type` (it states a gold sentence, not as that
    event's type) or `outside` (its sentences tell no gold event at all)."""

    run: Any
    texts: dict[str, str]
    gold: dict[str, dict[str, Any]]
    gold_spans: dict[str, list[tuple[str, tuple[int, int]]]]

    def _told(self, rec: dict[str, Any]) -> set[str]:
        return _told(rec, self.run, self.texts, self.gold_spans)

    def _typed(self, rec: dict[str, Any], keys: set[str]) -> set[str]:
        return _typed(rec, keys, self.gold)

    def missed(
        self,
        rows: list[dict[str, Any]],
        current: list[dict[str, Any]],
        match: dict[int, str],
        real_keys: list[str],
        cand_real: dict[int, set[str]],
    ) -> dict[str, float]:
        matched = set(match.values())
        told_current = [self._told(rec) for rec in current]
        hidden = [rec for rec in rows if not is_current(rec)]
        hidden_typed = set().union(*(self._typed(r, self._told(r)) for r in hidden))
        taken = set().union(*cand_real.values()) if cand_real else set()
        out: Counter[str] = Counter()
        for k in real_keys:
            if k in matched:
                continue
            if k in taken:
                out["taken"] += 1
            elif k in hidden_typed:
                out["hidden"] += 1
            elif any(k in t for t in told_current):
                out["wrong_type"] += 1
            else:
                out["absent"] += 1
        return {f"missed_{c}": float(out[c]) for c in ("wrong_type", "hidden", "taken", "absent")}

    def false_rows(
        self,
        current: list[dict[str, Any]],
        match: dict[int, str],
        cand_real: dict[int, set[str]],
        cand_unreal: dict[int, set[str]],
    ) -> dict[str, float]:
        out: Counter[str] = Counter()
        for ri, rec in enumerate(current):
            if ri in match:
                continue
            if ri in cand_real:
                out["duplicate"] += 1
            elif ri in cand_unreal:
                out["unreal"] += 1
            elif self._told(rec):
                out["wrong_type"] += 1
            else:
                out["outside"] += 1
        return {
            f"false_{c}": float(out[c]) for c in ("duplicate", "unreal", "wrong_type", "outside")
        }


def _unhappened(
    unreal: list[int], cand_unreal: dict[int, set[str]], gold: dict[str, dict[str, Any]]
) -> int:
    """Of the unreal current rows, those matched only to events that did not happen (planned,
    hypothetical, negated), not to history."""
    return sum(
        all(gold[k].get("modality", "asserted") not in _FACTUAL_MODALITIES for k in cand_unreal[ri])
        for ri in unreal
    )


def _type_precision(current: list[dict[str, Any]], match: dict[int, str]) -> list[tuple[str, Any]]:
    """Table rows: matched / current rows of each event type, the commonest first."""
    by_type = Counter(rec["event_type"] for rec in current)
    right_type = Counter(current[ri]["event_type"] for ri in match)
    return [(f"precision {t}", f"{right_type[t]}/{n}") for t, n in by_type.most_common()]


def _dump(
    path: Path,
    rows: list[dict[str, Any]],
    current: list[dict[str, Any]],
    match: dict[int, str],
    cand_real: dict[int, set[str]],
    cand_unreal: dict[int, set[str]],
    missed: list[dict[str, Any]],
) -> None:
    """CLAIMGRAPH_E2E_DUMP: every current row with its match and candidates, the gold events
    missed and the rows not shown as current."""
    out = {
        "rows": [
            {"i": ri, "match": match.get(ri), "real": sorted(cand_real.get(ri, ())),
             "unreal": sorted(cand_unreal.get(ri, ())), "record": rec}
            for ri, rec in enumerate(current)
        ],
        "missed": missed,
        "hidden": [rec for rec in rows if not is_current(rec)],
    }  # fmt: skip
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
