"""CPU seconds of each spaCy component over a corpus (as the nlp stage loads the model, with the
disabled `senter` switched on and run on copies), twice; then the senter's sentence starts
against the parser's.

    python bench/spacy_components.py CORPUS
"""

from __future__ import annotations

import json
import sys
import time

from claimgraph.pipeline import Pipeline  # noqa: F401 - (first: the package's import order)
from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.nlp.attribute_rules import use_fast_attribute_rules
from claimgraph.resources import SPACY_MODEL


def _timed(proc, docs):  # type: ignore[no-untyped-def]
    c0 = time.process_time()
    out = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return out, time.process_time() - c0


def main() -> None:
    import spacy
    from spacy.tokens import Doc

    texts = [r.text for r in read_paths([sys.argv[1]]) if isinstance(r, RawDocument)]
    nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    use_fast_attribute_rules(nlp)
    nlp.enable_pipe("senter")
    docs: list = []  # type: ignore[type-arg]
    senter: list = []  # type: ignore[type-arg]
    for _ in range(2):
        c0 = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        cost = {"tokenizer": time.process_time() - c0}
        for name, proc in nlp.pipeline:
            if name == "senter":  # on copies: it would overwrite the parser's boundaries
                copies = [
                    Doc(
                        nlp.vocab,
                        words=[t.text for t in d],
                        spaces=[bool(t.whitespace_) for t in d],
                    )
                    for d in docs
                ]
                senter, cost[name] = _timed(proc, copies)
            else:
                docs, cost[name] = _timed(proc, docs)
        print(json.dumps({k: round(v, 2) for k, v in cost.items()}))
    par = {(i, s.start) for i, d in enumerate(docs) for s in d.sents}
    sen = {(i, s.start) for i, d in enumerate(senter) for s in d.sents}
    print(json.dumps({"parser_sentences": len(par), "senter_sentences": len(sen),
                      "same_starts": len(par & sen), "only_parser": len(par - sen),
                      "only_senter": len(sen - par)}))  # fmt: skip


if __name__ == "__main__":
    main()
