"""CPU of `find_triggers` over a corpus's sentences, the full scan (every finder on every token,
`CLAIMGRAPH_CHECK_FIRES=1`) against the dispatch (events.fires), in one process on one parse, 3
rounds; and whether both give the same triggers.

    python bench/trigger_dispatch.py CORPUS        (a .jsonl file or a folder)
"""

import os
import sys
import time
from claimgraph.pipeline import Pipeline
from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.events import triggers as tr

raws = [r for r in read_paths([sys.argv[1]]) if isinstance(r, RawDocument)]
pipe = Pipeline(doc_timeout=0)
pipe.warm_up()
nlp_stage = pipe.stages[0]
sents = []
for raw in raws:
    doc = nlp_stage(pipe.clean(raw))
    for d in doc._spacy.values() if isinstance(doc._spacy, dict) else doc._spacy:
        sents.extend(d.sents)
print(len(sents), "sentences", sum(len(s) for s in sents), "tokens")


def run(check):
    if check:
        os.environ["CLAIMGRAPH_CHECK_FIRES"] = "1"
    else:
        os.environ.pop("CLAIMGRAPH_CHECK_FIRES", None)
    t = time.process_time()
    out = [
        [
            (c.i, c.start, c.end, c.entry, round(c.score, 9), c.linked, c.modes, c.depth)
            for c in tr.find_triggers(s)
        ]
        for s in sents
    ]
    return time.process_time() - t, out


for _ in range(3):
    a, oa = run(True)
    b, ob = run(False)
    print(f"scan {a:.3f}s dispatch {b:.3f}s ratio {b / a:.3f} same {oa == ob}")
