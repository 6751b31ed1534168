"""ACLED sub-event type of an English event sentence, from a classifier fitted on our own examples.

In: sentences. Out: case2021-style ACLED codes (`ATTACK`, `AIR_STRIKE`, ...; names in
`data/events/acled_codes.tsv`). The model is a linear SVM over word 1-2grams, character 3-5grams,
our symbolic features (rule types/modes, ACLED cues, who-did-what cues; `sentences.acled_features`)
and, when the MiniLM weights are installed, sentence embeddings. It is fitted at first use on our
own codebook example sentences (`data/events/acled_examples.tsv`, written for this project), never
on evaluation data; their embeddings ship precomputed (`acled_examples_minilm.npz`) so first use
costs a few seconds. The pipeline uses the embeddings only when asked (`claimgraph run
--embeddings`): they cost ~20 ms a sentence, which would halve throughput. `claimgraph eval
event-type` on case2021 prints this model's scores (`examples_only_weighted_f1`, `_emb_` with the
embeddings); the rule map alone (`acled.acled_for`) scores ~0.24 there.

The fit needs scikit-learn; a run does not: the fitted model is kept as plain arrays
(`LinearAcled`: each block's vocabulary and idf weights, the SVM's coefficients) whose
`predict` computes scikit-learn's decision function step for step in NumPy, so a later process
loads it without importing scikit-learn (1.5-1.9 s CPU of its start-up).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import math
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.events import extract as ex
from claimgraph.events.embed import available, embed, embed_cached
from claimgraph.events.sentences import Parsed, acled_features, parse_many
from claimgraph.nlp import sentence_parse
from claimgraph.resources import SPACY_MODEL, cache_dir, data_path, data_rows

log = logging.getLogger(__name__)

EXAMPLES = ("events", "acled_examples.tsv")
EXAMPLE_VECTORS = ("events", "acled_examples_minilm.npz")
# Block weights of the shipped model: word n-grams 1, character n-grams 1, symbolic features,
# embeddings. The embedding weight is the eval's (1.5); the symbolic weight was picked by 5-fold CV
# on the example sentences themselves (no evaluation data): 2.0 without embeddings (weighted-F1
# 0.906 vs 0.900 at 1.0), 1.0 with them (0.935 vs 0.918 at 2.0).
EMB_WEIGHT = 1.5
SYMBOLIC_WEIGHT = {False: 2.0, True: 1.0}  # keyed by "with embeddings"


def vectorizers() -> list[Any]:
    """The three TF-IDF blocks, unfitted: word 1-2grams and character 3-5grams of the text, and
    the symbolic feature tokens."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                        max_features=40000),
        TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True),
    ]  # fmt: skip


_VIOLENT = frozenset({
    "ABDUCT_DISSAP", "AIR_STRIKE", "ARMED_CLASH", "ART_MISS_ATTACK", "ATTACK", "CHEM_WEAP", "GRENADE",
    "REM_EXPLOS", "SEX_VIOL", "SUIC_BOMB", "FORCE_AGAINST_PROTEST", "MOB_VIOL", "VIOL_DEMONSTR",
    "PROPERTY_DISTRUCT", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "DISR_WEAP",
})  # fmt: skip
# Which ACLED codes a mention of each PLOVER type may take. The classifier reads the whole
# sentence, so "the abduction ... drove families to leave" would otherwise give the leaving
# (RETREAT) the abduction's code; a code outside the family leaves the rule map in charge.
FAMILIES: dict[str, frozenset[str]] = {
    "ASSAULT": _VIOLENT,
    "COERCE": _VIOLENT | {"ARREST", "OTHER", "CHANGE_TO_GROUP_ACT", "PROTEST_WITH_INTER"},
    "PROTEST": frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST",
                          "VIOL_DEMONSTR", "MOB_VIOL"}),
    "RETREAT": frozenset({"NON_VIOL_TERRIT_TRANSFER", "AGREEMENT", "OTHER", "CHANGE_TO_GROUP_ACT"}),
    "AGREE": frozenset({"AGREEMENT"}),
    "MOBILIZE": frozenset({"HQ_ESTABLISHED", "OTHER", "CHANGE_TO_GROUP_ACT", "DISR_WEAP"}),
}  # fmt: skip


def compatible(plover: str, code: str) -> bool:
    return code in FAMILIES.get(plover, frozenset())


@functools.lru_cache(maxsize=1)
def code_names() -> dict[str, tuple[str, str] | None]:
    """ACLED code -> (event_type, sub_event_type); None for the codes ACLED does not code."""
    out: dict[str, tuple[str, str] | None] = {}
    for r in data_rows("events", "acled_codes.tsv") or []:
        r = r + ["", ""]
        out[r[0]] = (r[1], r[2]) if r[1] else None
    return out


def examples() -> tuple[list[str], list[str]]:
    """Our example sentences and their codes."""
    rows = data_rows(*EXAMPLES) or []
    return [r[1] for r in rows], [r[0] for r in rows]


def texts_digest(texts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def example_vectors(texts: list[str]) -> np.ndarray | None:
    """MiniLM vectors of the example sentences: the shipped ones when they match the sentences,
    else computed now (None without the weights)."""
    if not available():
        return None
    path = data_path(*EXAMPLE_VECTORS)
    if path.exists():
        with np.load(path) as z:
            if str(z["digest"]) == texts_digest(texts):
                return z["vectors"].astype(np.float32)
    log.warning("%s is stale: embedding the ACLED example sentences now", path.name)
    return embed(texts)


def write_example_vectors() -> None:
    """Recompute the shipped example vectors (after editing acled_examples.tsv)."""
    texts, _ = examples()
    vecs = embed(texts)
    if vecs is None:
        raise SystemExit("the MiniLM weights are not installed (see README)")
    np.savez_compressed(data_path(*EXAMPLE_VECTORS), vectors=vecs.astype(np.float16),
                        digest=np.array(texts_digest(texts)))  # fmt: skip


@dataclass
class AcledModel:
    vecs: list[Any]
    weights: list[float]
    clf: Any
    with_emb: bool

    @classmethod
    def fit(cls, texts: list[str], ftexts: list[str], labels: list[str], emb=None) -> AcledModel:  # type: ignore[no-untyped-def]
        from sklearn.svm import LinearSVC

        vecs = vectorizers()
        blocks = [v.fit_transform(src) for v, src in zip(vecs, (texts, texts, ftexts))]
        m = cls(
            vecs, [1.0, 1.0, SYMBOLIC_WEIGHT[emb is not None], EMB_WEIGHT], None, emb is not None
        )
        m.clf = LinearSVC(C=1.0, random_state=0).fit(m._stack(blocks, emb), labels)
        return m

    def _stack(self, blocks: list[Any], emb) -> Any:  # type: ignore[no-untyped-def]
        from scipy.sparse import csr_matrix, hstack

        if self.with_emb:
            blocks = [*blocks, csr_matrix(emb)]
        return hstack([x * k for x, k in zip(blocks, self.weights)]).tocsr()

    def predict(self, texts: list[str], ftexts: list[str], emb=None) -> list[str]:  # type: ignore[no-untyped-def]
        if not texts:
            return []
        if self.with_emb and emb is None:
            raise ValueError("this model was fitted with sentence embeddings: pass them")
        blocks = [v.transform(src) for v, src in zip(self.vecs, (texts, texts, ftexts))]
        return [str(p) for p in self.clf.predict(self._stack(blocks, emb))]

    def compile(self) -> LinearAcled:
        """The same classifier as plain arrays (`LinearAcled`), without scikit-learn objects."""
        blocks = [
            _Block(_analyzer_kind(v), dict(v.vocabulary_), np.asarray(v.idf_, dtype=np.float64))
            for v in self.vecs
        ]
        return LinearAcled(
            blocks=blocks,
            weights=list(self.weights),
            coef_t=np.ascontiguousarray(np.asarray(self.clf.coef_, dtype=np.float64).T),
            intercept=np.asarray(self.clf.intercept_, dtype=np.float64).copy(),
            classes=[str(c) for c in self.clf.classes_],
            with_emb=self.with_emb,
        )


# the three vectorizers' analyzers (`vectorizers`), as scikit-learn's TfidfVectorizer runs them
_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def _word_1_2grams(text: str) -> list[str]:
    """Lower case, tokens of two or more word characters, then the unigrams and the bigrams."""
    toks = _WORD.findall(text.lower())
    return toks + [" ".join(toks[i : i + 2]) for i in range(len(toks) - 1)]


def _char_wb_3_5grams(text: str) -> list[str]:
    """Lower case; per whitespace-separated word padded with a space, its 3- to 5-grams (a word
    shorter than n counted once, as scikit-learn's `_char_wb_ngrams`)."""
    out: list[str] = []
    for w in _SPACES.sub(" ", text.lower()).split():
        w = " " + w + " "
        for n in range(3, 6):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:
                break
    return out


def _symbol_tokens(text: str) -> list[str]:
    return text.split()  # token_pattern \S+, case kept: the same tokens as str.split


_ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "word": _word_1_2grams,
    "char_wb": _char_wb_3_5grams,
    "symbolic": _symbol_tokens,
}


def _analyzer_kind(v: Any) -> str:
    """Which of `_ANALYZERS` a fitted vectorizer of `vectorizers()` is; any other settings are
    refused (the plain model would compute something else)."""
    p = v.get_params()
    common = (p["sublinear_tf"], p["norm"], p["use_idf"], p["strip_accents"], p["stop_words"],
              p["binary"], p["preprocessor"], p["tokenizer"])  # fmt: skip
    if common != (True, "l2", True, None, None, False, None, None):
        raise ValueError(f"unsupported vectorizer settings: {p}")
    if p["analyzer"] == "char_wb" and p["ngram_range"] == (3, 5) and p["lowercase"]:
        return "char_wb"
    if p["analyzer"] == "word" and p["ngram_range"] == (1, 2) and p["lowercase"]:
        if p["token_pattern"] == r"(?u)\b\w\w+\b":
            return "word"
    if p["analyzer"] == "word" and p["ngram_range"] == (1, 1) and not p["lowercase"]:
        if p["token_pattern"] == r"\S+":
            return "symbolic"
    raise ValueError(f"unsupported vectorizer settings: {p}")


@dataclass
class _Block:
    kind: str
    vocabulary: dict[str, int]
    idf: np.ndarray

    def transform(self, texts: Sequence[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """TfidfVectorizer.transform, row by row: the known terms' column indices (ascending)
        and their values (1 + log count, times idf, rows scaled to unit length), computed in
        scikit-learn's order so that every value is the same float."""
        analyze, vocab = _ANALYZERS[self.kind], self.vocabulary
        cols: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        for text in texts:
            c: dict[int, int] = {}
            for term in analyze(text):
                j = vocab.get(term)
                if j is not None:
                    c[j] = c.get(j, 0) + 1
            order = sorted(c)
            cols.append(np.array(order, dtype=np.int64))
            counts.append(np.array([c[j] for j in order], dtype=np.float64))
        # one array for all rows, as scikit-learn's X.data (its log runs on the whole array)
        data = np.concatenate(counts) if counts else np.zeros(0)
        idx = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        np.log(data, data)
        data += 1.0
        data *= self.idf[idx]
        vals, start = [], 0
        for col in cols:
            row = data[start : start + len(col)]
            start += len(col)
            total = 0.0
            for x in row.tolist():  # sequential, as scikit-learn's inplace_csr_row_normalize_l2
                total += x * x
            if total != 0.0:
                row = row / math.sqrt(total)
            vals.append(row)
        return cols, vals


@dataclass
class LinearAcled:
    """The fitted classifier as plain arrays: TF-IDF blocks, block weights, and the linear SVM's
    coefficients (one column a class) and intercepts. `predict` is scikit-learn's
    `LinearSVC.predict` on `AcledModel`'s features, in NumPy only."""

    blocks: list[_Block]
    weights: list[float]
    coef_t: np.ndarray
    intercept: np.ndarray
    classes: list[str]
    with_emb: bool

    def decision(self, texts: list[str], ftexts: list[str], emb: Any = None) -> np.ndarray:
        """One row of class scores per text: the stacked features times the coefficients, summed
        feature by feature in column order (scipy's sparse-times-dense order), plus the
        intercepts."""
        rows: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in texts]
        offset = 0
        for block, src, k in zip(self.blocks, (texts, texts, ftexts), self.weights):
            cols, vals = block.transform(src)
            for r, c, v in zip(rows, cols, vals):
                r.append((c + offset, v * k))
            offset += len(block.vocabulary)
        if self.with_emb:
            e = np.asarray(emb)
            for i, r in enumerate(rows):
                nz = np.flatnonzero(e[i])
                # weighted in the vectors' own dtype, then widened, as scipy's stacking does
                r.append((nz + offset, (e[i, nz] * self.weights[3]).astype(np.float64)))
        out = np.zeros((len(texts), self.coef_t.shape[1]))
        for i, r in enumerate(rows):
            cols = np.concatenate([c for c, _ in r])
            vals = np.concatenate([v for _, v in r])
            if len(cols):
                # add.accumulate is a sequential sum (np.sum would sum pairwise)
                out[i] = np.add.accumulate(self.coef_t[cols] * vals[:, None], axis=0)[-1]
        return out + self.intercept

    def predict(self, texts: list[str], ftexts: list[str], emb: Any = None) -> list[str]:
        if not texts:
            return []
        if self.with_emb and emb is None:
            raise ValueError("this model was fitted with sentence embeddings: pass them")
        scores = self.decision(texts, ftexts, emb)
        return [self.classes[j] for j in scores.argmax(axis=1)]


def symbolic(
    texts: Sequence[str],
    spans: Sequence[Any] | None = None,
    cands: Sequence[list[Any] | None] | None = None,
) -> list[str]:
    """The symbolic feature text of each sentence. `spans[i]`, when given and not None, is a spaCy
    Span already parsed whose text is `texts[i]` (the nlp stage's parse of the sentence): its
    features are read from it. The other texts are parsed alone by the bare spaCy pipeline, as
    the eval and the fitting on our examples do. `cands[i]`, when given and not None, is
    `find_triggers` of the sentence `spans[i]` (the events stage's), not computed again."""
    spans = list(spans) if spans is not None else [None] * len(texts)
    known = list(cands) if cands is not None else [None] * len(spans)
    parsed: list[Any] = [
        None if sp is None else Parsed(sp, _candidates(sp, k)) for sp, k in zip(spans, known)
    ]
    todo = [i for i, p in enumerate(parsed) if p is None]
    if todo:  # (parse_many loads the bare spaCy pipeline, a second model, even for no text)
        for i, p in zip(todo, parse_many([texts[i] for i in todo], batch_size=32)):
            parsed[i] = p
    return [" ".join(acled_features(p, t)) for p, t in zip(parsed, texts)]


def _candidates(sp: Any, known: list[Any] | None) -> list[tuple[Any, Any]]:
    """(sentence, candidate) pairs of the sentences of `sp`; `known`, the candidates of `sp`
    itself when it is one sentence, saves the search."""
    sents = list(sp.sents)
    if (
        known is not None
        and len(sents) == 1
        and (sents[0].start, sents[0].end) == (sp.start, sp.end)
    ):
        return [(sents[0], c) for c in known]
    return [(s, c) for s in sents for c in ex.find_triggers(s)]


@functools.lru_cache(maxsize=2)
def model(embeddings: bool = False) -> LinearAcled | None:
    """The shipped classifier, fitted on first use (with the MiniLM block when `embeddings` and
    the weights are installed); None when the example file is missing. The fit (a parse of the
    example sentences by a second spaCy pipeline, then the SVM: ~4 s of every process's start)
    is kept in the cache folder (`$CLAIMGRAPH_CACHE`, as the gazetteer) as plain arrays
    (`LinearAcled`) under a name that hashes everything it depends on (`_fit_key`), so a later
    process loads it in ~0.1 s without importing scikit-learn; the fit is deterministic, so the
    loaded model is the one it would fit."""
    texts, labels = examples()
    if not texts:
        return None
    vecs = example_vectors(texts) if embeddings else None
    path = _fit_path(texts, labels, vecs)
    if path is not None and path.exists():
        try:
            with open(path, "rb") as f:
                cached = pickle.load(f)
            if isinstance(cached, LinearAcled):
                return cached
        except Exception as err:  # noqa: BLE001 - a damaged cache file is fitted again
            log.info("ignoring the cached ACLED model %s: %s", path.name, err)
    m = AcledModel.fit(texts, symbolic(texts), labels, vecs).compile()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(m, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as err:  # a read-only cache: fit again next time
            log.info("could not cache the ACLED model: %s", err)
    return m


def _fit_path(texts: list[str], labels: list[str], vecs: Any) -> Path | None:
    """Where the model fitted on these examples is cached; None when the key cannot be made."""
    try:
        return cache_dir() / f"acled-model-{_fit_key(texts, labels, vecs)}.pkl"
    except Exception as err:  # noqa: BLE001 - no cache: fit in memory as before
        log.info("no cache for the ACLED model: %s", err)
        return None


def _fit_key(texts: list[str], labels: list[str], vecs: Any) -> str:
    """A hash of what the fitted model depends on: the examples and their vectors, the source of
    every module of the package (the features come from the events rules, the parse from the
    nlp stage; any code change refits, which is cheap), the shipped event data, and the versions
    of the spaCy model, spaCy, scikit-learn, NumPy and Python."""
    import platform
    from importlib.metadata import version

    import spacy

    # scikit-learn's version from its metadata: importing it is what the plain model saves
    try:
        sklearn_version = version("scikit-learn")
    except Exception:  # noqa: BLE001 - not installed: the fit would fail anyway
        sklearn_version = "?"
    h = hashlib.sha256(b"LinearAcled 1")
    for part in (texts, labels):
        h.update("\x1f".join(part).encode("utf-8"))
        h.update(b"\x1e")
    if vecs is not None:
        h.update(np.ascontiguousarray(vecs).tobytes())
    pkg = Path(__file__).resolve().parents[1]
    for p in sorted(pkg.rglob("*.py")):
        h.update(str(p.relative_to(pkg)).encode())
        h.update(p.read_bytes())
    for p in sorted(data_path("events").glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    try:
        model_version = version(SPACY_MODEL)
    except Exception:  # noqa: BLE001 - the model's own version is one more guard
        model_version = "?"
    for v in (model_version, spacy.__version__, sklearn_version, np.__version__,
              platform.python_version()):  # fmt: skip
        h.update(v.encode())
    return h.hexdigest()[:16]


def classify(
    texts: Sequence[str],
    embeddings: bool = False,
    spans: Sequence[Any] | None = None,
    cands: Sequence[list[Any] | None] | None = None,
) -> list[str] | None:
    """ACLED codes of English event sentences, or None when no model is available.
    `embeddings`: also read MiniLM sentence vectors (more accurate, ~20 ms a sentence).
    `spans`: the sentences' spaCy parses, aligned with `texts` (None items are parsed here); by
    default the nlp stage's parse of each sentence of the document it parsed last
    (`nlp.sentence_parse`), so a sentence is not parsed twice. On the demo and VOA corpora the
    features read from that in-context parse differ from a parse of the sentence alone in 2 of
    1,064 sentences, and no code changes. `cands`: the sentences' trigger candidates when the
    caller has them (`symbolic`)."""
    m = model(embeddings)
    if m is None:
        return None
    texts = list(texts)
    if not texts:
        return []
    if spans is None:
        spans = [sentence_parse(t) for t in texts]
    emb = None
    if m.with_emb:
        vecs = embed_cached(texts)
        emb = None if vecs is None else np.vstack(vecs)
    return m.predict(texts, symbolic(texts, spans, cands), emb)


if __name__ == "__main__":
    write_example_vectors()
