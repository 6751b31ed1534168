"""MiniLM forward passes one sentence at a time (as the event locator runs them) against batches
of 16 sorted by length, one BLAS thread as the pipeline runs them; 2 rounds, and the largest
difference of any token state between the two.

    python bench/minilm_batch.py [N]        (the first N sentences over 40 characters of the VOA
                                             stories' first 10 texts, default 60)
"""

import json
import re
import sys
import time
from pathlib import Path

import numpy as np

from claimgraph.events import embed

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"

m = embed._model()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
texts = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()][:10]
sents = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 40][:n]
ids = [m.tok.ids(s) for s in sents]
print(len(sents), "sentences, mean pieces", round(float(np.mean([len(i) for i in ids])), 1))
with m._one_thread():
    for _ in range(2):
        t = time.process_time()
        single = [m._hidden([i])[0][0] for i in ids]
        a = time.process_time() - t
        t = time.process_time()
        order = sorted(range(len(ids)), key=lambda k: len(ids[k]))
        out: list = [None] * len(ids)
        for s in range(0, len(order), 16):
            chunk = order[s : s + 16]
            x, _mask = m._hidden([ids[k] for k in chunk])
            for j, k in enumerate(chunk):
                out[k] = x[j, : len(ids[k])]
        b = time.process_time() - t
        diff = max(float(np.abs(p - q).max()) for p, q in zip(single, out))
        print(f"one at a time {a:.2f} s CPU, batches of 16 {b:.2f} s, max difference {diff:.2e}")
