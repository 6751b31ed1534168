"""scale: the per-document stages in shards on a runner (this process, Dask, a SLURM array),
their output as Parquet rows, and the corpus merge partitioned over the same runner.

In: paths (or shards of inputs) and an output folder. Out: `OUT/rows/<year_month>/<shard>.parquet`
and `OUT/_done/<shard>` per shard (`rows.py`), then the documents and events in the store, equal
to what `claimgraph run` in one process stores.

    shard.py    one shard -> Parquet rows (`run_shard`, `claimgraph run-shard`)
    rows.py     the Parquet row type, done markers, reading rows back
    runners.py  SerialRunner, DaskRunner (LocalCluster or a scheduler address)
    run.py      plan shards, run them, load their rows, partitioned merge (`run --runner dask`)
"""

from .rows import ROW_SCHEMA, read_rows
from .run import load_rows, run_sharded
from .runners import DaskRunner, Runner, SerialRunner
from .shard import (
    DEFAULT_SHARD_SIZE,
    Shard,
    ShardResult,
    ShardSettings,
    plan_shards,
    plan_windows,
    run_shard,
    shard_pipeline,
)

__all__ = [
    "ROW_SCHEMA", "read_rows", "load_rows", "run_sharded", "DaskRunner", "Runner", "SerialRunner",
    "DEFAULT_SHARD_SIZE", "Shard", "ShardResult", "ShardSettings", "plan_shards", "plan_windows",
    "run_shard", "shard_pipeline",
]  # fmt: skip
