"""Merge the per-story annotation files into the VOA fixture and validate them.

    python tools/merge_fixture_parts.py tests/fixtures/e2e/parts tests/fixtures/e2e/voa_events_gold.jsonl

Each part is `<line index>.json` with one story's gold (tests/fixtures/e2e/GUIDELINES.md). The
output has one line per story in line-index order. Checks: sentences are verbatim substrings of
the story, types PLOVER, modalities known, countries two letters, keys unique in a story.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimgraph.model import PLOVER_TYPES  # noqa: E402

MODALITIES = {"asserted", "hedged", "negated", "planned", "hypothetical"}


def main(parts: Path, out: Path) -> int:
    demo = Path(__file__).resolve().parents[1] / "src/claimgraph/data/demo/voa_demo.jsonl"
    stories = [json.loads(line) for line in demo.open(encoding="utf-8")]
    lines, problems = [], []
    for f in sorted(parts.glob("*.json"), key=lambda p: int(p.stem)):
        gold = json.loads(f.read_text(encoding="utf-8"))
        text = stories[int(f.stem)]["text"]
        assert str(stories[int(f.stem)]["id"]) == str(gold["story"]), f
        keys = set()
        for e in gold["events"]:
            for s in [e["sentence"], *e.get("also", [])]:
                if s not in text:
                    problems.append(f"{f.name} {e['key']}: not in the text: {s[:60]!r}")
            if e["type"] not in PLOVER_TYPES or any(
                t not in PLOVER_TYPES for t in e.get("alt_types", [])
            ):
                problems.append(f"{f.name} {e['key']}: type {e['type']}")
            if e.get("modality") not in MODALITIES:
                problems.append(f"{f.name} {e['key']}: modality {e.get('modality')}")
            place = e.get("place") or {}
            if place.get("country") and len(place["country"]) != 2:
                problems.append(f"{f.name} {e['key']}: country {place['country']}")
            if e["key"] in keys:
                problems.append(f"{f.name}: key {e['key']} twice")
            keys.add(e["key"])
        lines.append(json.dumps(gold, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{len(lines)} stories, {sum(len(json.loads(x)['events']) for x in lines)} events -> {out}"
    )
    for p in problems:
        print("problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
