"""A synthetic news corpus for the scale benchmarks: N distinct documents with known duplicate groups.

    python bench/synthetic_corpus.py --docs 2000 -o /tmp/synth.jsonl [--seed 0]

The bases are the VOA stories (`../shared/corpus/voa`, public domain), the bundled demo corpus
and the seed pages (`../shared/corpus/seeds`, read here, never copied into the repository). Each
new story recombines two bases (the lead of one, a run of the other's sentences) and is perturbed:
person names swapped for other names found in the corpus, places for other conflict places, the
dates moved to a new publication date (month names, years, weekdays), sentences reordered. Each
story is then written by 1-4 outlets (a duplicate group: the same story with a sentence dropped or
two swapped, published the same day or the next), so the merge has real duplicates to find.

Output: JSONL, one document a line: `text, title, url, published, dup_group` (claimgraph reads the
first four; `dup_group` is the truth for whoever wants to score the duplicates). Deterministic for
a seed; every line distinct.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
DEMO = ROOT / "src" / "claimgraph" / "data" / "demo" / "voa_demo.jsonl"

PLACES = [
    "Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Deir el-Zour", "Daraa", "Douma", "Mosul", "Kirkuk",
    "Tikrit", "Fallujah", "Ramadi", "Sanaa", "Aden", "Taiz", "Hodeidah", "Marib", "Tripoli",
    "Benghazi", "Misrata", "Kabul", "Kandahar", "Herat", "Mogadishu", "Kismayo", "Gao", "Timbuktu",
    "Kharkiv", "Kherson", "Donetsk", "Gaza", "Rafah", "Khan Younis", "Beirut", "Tyre", "Sidon",
    "Maiduguri", "Khartoum", "El Fasher", "Goma", "Bunia",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = [f"https://news{k}.example/" for k in range(40)]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NAME = re.compile(r"\b([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,}){1,2})\b")
_PLACE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True)) + r")\b"
)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_DAY = re.compile(r"\b(" + "|".join(DAYS) + r")\b")
_YEAR = re.compile(r"\b(20[0-2]\d)\b")
_NOT_NAMES = frozenset(
    MONTHS + DAYS + ["The", "But", "And", "Voice", "America", "United States", "United Nations"]
)


def bases() -> list[dict[str, str]]:
    """Title and text of every base document found."""
    out = []
    for path in (SHARED / "voa" / "voa_stories.jsonl", DEMO):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                out.append({"title": rec.get("title") or "", "text": rec["text"]})
    for path in sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        out.append({"title": text.splitlines()[0][:120], "text": text})
    seen, unique = set(), []
    for b in out:
        if b["text"] not in seen:
            seen.add(b["text"])
            unique.append(b)
    return unique


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(" ".join(text.split())) if s]


def _perturb(text: str, rng: random.Random, names: list[str], pub: date) -> str:
    # names in order of first appearance: a set's order follows the process's string hash seed,
    # so the draws below (and every document after) would differ from one process to the next
    swap = {
        n: rng.choice(names)
        for n in dict.fromkeys(_NAME.findall(text))
        if n not in _NOT_NAMES and rng.random() < 0.5
    }
    text = _NAME.sub(lambda m: swap.get(m.group(1), m.group(1)), text)
    places = {p: rng.choice(PLACES) for p in PLACES}
    text = _PLACE.sub(lambda m: places[m.group(1)], text)
    text = _MONTH.sub(lambda m: MONTHS[pub.month - 1] if rng.random() < 0.8 else m.group(1), text)
    text = _YEAR.sub(str(pub.year), text)
    text = _DAY.sub(lambda m: DAYS[(pub - timedelta(days=rng.choice([0, 1, 2]))).weekday()], text)
    return text


def generate(
    n: int, seed: int = 0, start: date = date(2016, 1, 1), days: int = 365
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    base = bases()
    if not base:
        raise SystemExit("no base documents: ../shared/corpus and the demo corpus are missing")
    names = sorted({n for b in base for n in _NAME.findall(b["text"]) if n not in _NOT_NAMES})
    docs: list[dict[str, object]] = []
    group = 0
    while len(docs) < n:
        group += 1
        a, b = rng.sample(base, 2)
        sa, sb = _sentences(a["text"]), _sentences(b["text"])
        lead = sa[: rng.randint(2, max(2, min(8, len(sa))))]
        k = rng.randrange(max(1, len(sb) - 3))
        body = lead + sb[k : k + rng.randint(2, 10)]
        if len(body) > 3 and rng.random() < 0.5:  # reorder the tail
            tail = body[2:]
            rng.shuffle(tail)
            body = body[:2] + tail
        pub = start + timedelta(days=rng.randrange(days))
        story = _perturb(" ".join(body), rng, names, pub)
        title = _perturb(a["title"], rng, names, pub)
        for copy in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            sents = _sentences(story)
            if copy and len(sents) > 3:
                if rng.random() < 0.5:
                    del sents[rng.randrange(2, len(sents))]
                else:
                    i = rng.randrange(1, len(sents) - 1)
                    sents[i], sents[i + 1] = sents[i + 1], sents[i]
            day = pub + timedelta(days=rng.choice([0, 0, 1]) if copy else 0)
            outlet = rng.choice(OUTLETS)
            if copy:  # an outlet's own sign-off keeps every copy's text distinct
                sents.append(f"({outlet.split('/')[2]} contributed to this report, copy {copy}.)")
            docs.append({
                "text": " ".join(sents), "title": title, "url": f"{outlet}{group}-{copy}",
                "published": day.isoformat(), "dup_group": group,
            })  # fmt: skip
            if len(docs) >= n:
                break
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    docs = generate(args.docs, args.seed)
    with args.output.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    groups = len({d["dup_group"] for d in docs})
    print(f"wrote {len(docs)} documents in {groups} duplicate groups to {args.output}")


if __name__ == "__main__":
    main()
