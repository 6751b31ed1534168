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
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.events import extract as ex
from claimgraph.events.embed import available, embed, embed_cached
from claimgraph.events.sentences import Parsed, acled_features, parse_many
from claimgraph.nlp import sentence_parse
from claimgraph.resources import SPACY_MODEL, data_path, data_rows

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
def model(embeddings: bool = False) -> AcledModel | None:
    """The shipped classifier, fitted on first use (with the MiniLM block when `embeddings` and
    the weights are installed); None when the example file is missing. The fit (a parse of the
    example sentences by a second spaCy pipeline, then the SVM: ~4 s of every process's start)
    is kept in the cache folder (`$CLAIMGRAPH_CACHE`, as the gazetteer) under a name that
    hashes everything it depends on (`_fit_key`), so a later process loads it in ~0.1 s; the
    fit is deterministic, so the loaded model is the one it would fit."""
    texts, labels = examples()
    if not texts:
        return None
    vecs = example_vectors(texts) if embeddings else None
    path = _fit_path(texts, labels, vecs)
    if path is not None and path.exists():
        try:
            with open(path, "rb") as f:
                cached = pickle.load(f)
            if isinstance(cached, AcledModel):
                return cached
        except Exception as err:  # noqa: BLE001 - a damaged cache file is fitted again
            log.info("ignoring the cached ACLED model %s: %s", path.name, err)
    m = AcledModel.fit(texts, symbolic(texts), labels, vecs)
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
        from claimgraph.places.gazetteer import cache_dir

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

    import sklearn
    import spacy

    h = hashlib.sha256()
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
        from importlib.metadata import version

        model_version = version(SPACY_MODEL)
    except Exception:  # noqa: BLE001 - the model's own version is one more guard
        model_version = "?"
    for v in (model_version, spacy.__version__, sklearn.__version__, np.__version__,
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
