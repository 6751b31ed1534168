"""Pipelines for the scale fault tests, imported by Dask workers by name
(`ShardSettings(factory="scale_faults:pipeline")`): clean plus a stage that misbehaves on cue.

A document whose text has `KILL-ONCE <flag file>` kills its worker process (`os._exit`) the first
time it is seen (the flag file records it); `KILL-ALWAYS` every time; `POISON` raises in the stage; `HANG` loops past the
time budget.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from claimgraph.model import Document
from claimgraph.pipeline import Pipeline


class FaultStage:
    name = "fault"
    requires = ("text",)
    provides = ()

    def __call__(self, doc: Document) -> Document:
        m = re.search(r"KILL-ONCE (\S+)", doc.text)
        if m and not Path(m.group(1)).exists():
            Path(m.group(1)).write_text("killed once\n")
            os._exit(1)
        if "KILL-ALWAYS" in doc.text:
            os._exit(1)
        if "POISON" in doc.text:
            raise RuntimeError("poisoned document")
        if "HANG" in doc.text:
            while True:
                pass
        return doc


BUILT = 0


def pipeline() -> Pipeline:
    global BUILT
    BUILT += 1
    return Pipeline(stages=[FaultStage()], doc_timeout=2)


def built() -> int:
    """How many pipelines this process built (a worker should build one)."""
    return BUILT


def square_dying_in_a_worker(x: int) -> int:
    """x * x; on 3, in a process that is not the main one (a merge pool's worker), the process
    dies (`os._exit`) instead."""
    import multiprocessing

    if x == 3 and multiprocessing.parent_process() is not None:
        os._exit(1)
    return x * x
