"""Every mention the shipped pipeline makes on our read VOA fixtures, labelled against their gold.

    from claimgraph.eval.mention_labels import mention_records
    records = mention_records()          # every read set; cached, a second call costs nothing

In: the read fixture sets under tests/fixtures (`READ_SETS`: e2e, e2e_heldout, e2e_heldout2 and,
once it lands, e2e_train4; never the blind heldout3 or the sealed test set). Out: one
`MentionRecord` per mention of the shipped pipeline run with the judge off (its `observe` hook
records the judge's own features): story, sentence and its span in the story, the rules' type,
mode, modality and status fields, the feature names, and the gold events whose sentences the
mention's sentence overlaps, with their types (alt_types included) and whether they happened.

The labels use the e2e scorer's own functions (`e2e_fixture._load_gold`, `_gold_events`,
`_told`, `_typed`, `gold_happened`; `e2e_common.claim_spans`, `overlaps` under them): a mention
is read as a one-claim row, so it "states" a gold event exactly when an exported row with its
sentence would be a candidate for it. `label`: it overlaps a gold event that happened (asserted or
hedged, not historical); `label_typed`: one of those also has the mention's type. `row`,
`row_matched`: the current row of the judge-off run the mention is in and whether the scorer
matched it (for choosing a threshold by its effect on rows, not on mentions).

The run of each set is cached in $TMPDIR/claimgraph_mention_labels/, keyed by the git tree of
src/ (the shipped gate's data excluded: the judge is off here), the feature version and the
set's gold and story files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.eval.records import Skipped
from claimgraph.eval.tasks.e2e_common import claim_spans, run_documents
from claimgraph.eval.tasks.e2e_fixture import (
    GOLD_FILE,
    STORIES_FILE,
    _assign,
    _candidates,
    _documents,
    _gold_events,
    _load_gold,
    _stories,
    _told,
    _typed,
    gold_happened,
    is_current,
)
from claimgraph.judge.features import FEATURE_VERSION

__all__ = [
    "READ_SETS", "MentionRecord", "mention_records", "set_records", "fixtures_dir", "gold_counts",
]  # fmt: skip

#: the fixture sets we may read, run and train on (the blind and sealed sets are never here)
READ_SETS = ("e2e", "e2e_heldout", "e2e_heldout2", "e2e_train4")
_JUDGE_DATA = "src/claimgraph/data/judge"
_REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class MentionRecord:
    set: str
    story: str
    mention_id: str
    sentence: str
    span: tuple[int, int] | None  # the sentence in the story's text; None when not found
    event_type: str
    mode: tuple[str, ...]
    modality: str
    stance: str
    reference: bool
    date_reason: str
    features: tuple[str, ...]
    gold_keys: tuple[str, ...]  # gold events whose sentences the mention's sentence overlaps
    gold_types: tuple[tuple[str, ...], ...]  # each one's type and alt_types
    gold_happened: tuple[bool, ...]
    label: bool  # overlaps a gold event that happened
    label_typed: bool  # ... of the mention's type
    row: str | None = None  # the current row of the judge-off run it is in ("set:index"), if any
    row_matched: bool = False  # that row matched a gold event

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MentionRecord:
        tup = {"mode", "features", "gold_keys", "gold_happened"}
        d = {k: tuple(v) if k in tup else v for k, v in d.items()}
        d["span"] = tuple(d["span"]) if d["span"] is not None else None
        d["gold_types"] = tuple(tuple(t) for t in d["gold_types"])
        return cls(**d)


def fixtures_dir() -> Path:
    return _REPO / "tests" / "fixtures"


def mention_records(
    fixtures: Path | None = None, sets: Sequence[str] = READ_SETS, *, cache: bool = True
) -> list[MentionRecord]:
    """The records of every read set present under `fixtures` (a set not there is skipped)."""
    root = fixtures or fixtures_dir()
    out: list[MentionRecord] = []
    for name in sets:
        if name not in READ_SETS:
            raise ValueError(f"{name} is not a read set: {READ_SETS}")
        if (root / name / GOLD_FILE).exists():
            out.extend(set_records(root / name, name, cache=cache))
    return out


def set_records(data: Path, name: str, *, cache: bool = True) -> list[MentionRecord]:
    """One set's records, from the cache when the code and the set are unchanged."""
    path = Path(tempfile.gettempdir()) / "claimgraph_mention_labels" / f"{name}-{_key(data)}.json"
    if cache and path.exists():
        return [MentionRecord.from_json(d) for d in json.loads(path.read_text(encoding="utf-8"))]
    records = _label_run(data, name)
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps([dataclasses.asdict(r) for r in records]), encoding="utf-8")
        tmp.replace(path)
    return records


def judge_off_pipeline(observe: Any = None) -> Any:
    """The shipped stages with the judge off (and `observe` on it)."""
    from claimgraph.judge import JudgeStage
    from claimgraph.pipeline import Pipeline, default_stages

    stages = [s for s in default_stages() if not isinstance(s, JudgeStage)]
    return Pipeline(stages=[*stages, JudgeStage(gate=None, observe=observe)])


def _label_run(data: Path, name: str) -> list[MentionRecord]:
    corpus = _stories(data)
    gold_stories = _load_gold(data, corpus, Skipped())
    seen: list[tuple[str, Any, list[str]]] = []
    run = run_documents(
        _documents(gold_stories, corpus),
        pipeline=judge_off_pipeline(lambda doc, m, feats: seen.append((doc.id, m, feats))),
    )
    texts = {gs["story"]: corpus[gs["story"]]["text"] for gs in gold_stories}
    gold, gold_spans = _gold_events(gold_stories, texts)
    story_of = {v: k for k, v in run.document_ids.items()}
    row_of = _current_rows(run, texts, gold, gold_spans)
    out = []
    for doc_id, m, feats in seen:
        if doc_id not in story_of:  # a document the run did not store (it failed)
            continue
        rec = {
            "event_type": m.event_type,
            "mode": list(m.mode),
            "claims": [{"document_id": doc_id, "evidence": {"text": m.evidence.text}}],
        }
        keys = sorted(_told(rec, run, texts, gold_spans))
        typed = _typed(rec, set(keys), gold)
        span = next(claim_spans(rec, run, texts), None)
        happened = tuple(gold_happened(gold[k]) for k in keys)
        row = row_of.get(m.id) or row_of.get((doc_id, m.evidence.start, m.event_type))
        out.append(
            MentionRecord(
                set=name,
                story=story_of[doc_id],
                mention_id=m.id,
                sentence=m.evidence.text,
                span=span[1] if span else None,
                event_type=m.event_type,
                mode=tuple(m.mode),
                modality=m.modality,
                stance=m.attribution.stance,
                reference=m.reference,
                date_reason=m.date.reason if m.date is not None else "",
                features=tuple(feats),
                gold_keys=tuple(keys),
                gold_types=tuple((gold[k]["type"], *gold[k].get("alt_types", [])) for k in keys),
                gold_happened=happened,
                label=any(happened),
                label_typed=any(gold_happened(gold[k]) for k in typed),
                row=f"{name}:{row[0]}" if row else None,
                row_matched=bool(row and row[1]),
            )
        )
    return out


def _current_rows(
    run: Any, texts: dict[str, str], gold: dict[str, Any], gold_spans: dict[str, Any]
) -> dict[Any, tuple[int, bool]]:
    """(index, matched) of the current row of the run each mention is in, as the e2e scorer
    matches them: by the mention id of a claim, and by (document, sentence start, type) for a
    mention whose sentence another mention's claim carries (one claim per sentence)."""
    ours = set(run.document_ids.values())
    current = [
        r
        for r in run.records
        if is_current(r) and any(c["document_id"] in ours for c in r["claims"])
    ]
    cand_real, _unreal = _candidates(current, run, texts, gold, gold_spans)
    match = _assign(dict(cand_real))
    out: dict[Any, tuple[int, bool]] = {}
    for i, rec in enumerate(current):
        for c in rec["claims"]:
            out[c["mention_id"]] = (i, i in match)
            out[(c["document_id"], c["evidence"]["start"], rec["event_type"])] = (i, i in match)
    return out


def gold_counts(
    fixtures: Path | None = None, sets: Sequence[str] = READ_SETS
) -> dict[tuple[str, str], int]:
    """(set, story) -> the gold events that happened the story tells (the recall denominator)."""
    root = fixtures or fixtures_dir()
    out: dict[tuple[str, str], int] = {}
    for name in sets:
        if name in READ_SETS and (root / name / GOLD_FILE).exists():
            corpus = _stories(root / name)
            for gs in _load_gold(root / name, corpus, Skipped()):
                out[(name, gs["story"])] = len({g["key"] for g in gs["events"] if gold_happened(g)})
    return out


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(_REPO), *args], capture_output=True, text=True, check=True
    ).stdout


def src_key() -> str:
    """A hash of the code under src/ as it is now (committed tree, uncommitted changes and new
    files), the shipped gate's data left out; the package files themselves without git."""
    h = hashlib.sha256()
    try:
        tree = [
            ln for ln in _git("ls-tree", "-r", "HEAD", "src").splitlines() if _JUDGE_DATA not in ln
        ]
        h.update("\n".join(tree).encode())
        h.update(_git("diff", "HEAD", "--", "src", f":(exclude){_JUDGE_DATA}").encode())
        for f in sorted(_git("ls-files", "--others", "--exclude-standard", "src").split()):
            if _JUDGE_DATA not in f:
                h.update(f.encode() + (_REPO / f).read_bytes())
    except (OSError, subprocess.CalledProcessError):
        pkg = Path(__file__).resolve().parents[1]
        for path in sorted(pkg.rglob("*")):
            if path.is_file() and "judge" not in path.parent.name and path.suffix != ".pyc":
                h.update(str(path.relative_to(pkg)).encode() + path.read_bytes())
    return h.hexdigest()


def _key(data: Path) -> str:
    h = hashlib.sha256(f"{src_key()} features v{FEATURE_VERSION}".encode())
    for f in (GOLD_FILE, STORIES_FILE):
        if (data / f).exists():
            h.update((data / f).read_bytes())
    return h.hexdigest()[:16]
