#!/usr/bin/env bash
# The issue's 100k-document run (issue 19): the local runner, then the dask runner, on the same
# synthetic corpus, each into its own store in DIR, then their exports compared.
#
#     bench/scale_100k.sh DIR [DOCS]        (DOCS: 100000 by default; 1000 for a trial)
#
# Hours on a 2-core machine: start it detached, e.g.
#     nohup bench/scale_100k.sh /work/scale100k > /work/scale100k.out 2>&1 &
# Logs in DIR: local.log and dask.log (a line every 250 documents, a `monitor` line a minute with
# the driver's and each worker's RSS and the phase, the merge's included; the result line at the
# end, also in result-<runner>-DOCS.json), compare.log, and run.log (start, end, load of each
# step). Killed, the same command resumes: stored documents and done shards are skipped (the
# rates in the result lines then cover only what was left). Runs at nice 5, no per-document time
# limit (on a shared machine the budget turns load into E302 rows, not a rate).
set -euo pipefail
DIR=${1:?usage: bench/scale_100k.sh DIR [DOCS]}
DOCS=${2:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$HERE/.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
mkdir -p "$DIR"
export PYTHONPATH=$HERE/src${PYTHONPATH:+:$PYTHONPATH}
note() { echo "$(date -u +%FT%TZ) $* | $(uptime)" | tee -a "$DIR/run.log"; }
note "start: $DOCS documents, commit $(git -C "$HERE" rev-parse --short HEAD)"
for runner in local dask; do
    if [ -s "$DIR/result-$runner-$DOCS.json" ]; then
        note "$runner: done before ($DIR/result-$runner-$DOCS.json), skipped"
        continue
    fi
    note "$runner: start"
    rc=0
    nice -n 5 "$PY" "$HERE/bench/scale_bench.py" --docs "$DOCS" --runner "$runner" \
        --keep "$DIR" --doc-timeout 0 >> "$DIR/$runner.log" 2>&1 || rc=$?
    note "$runner: end, exit code $rc"
done
nice -n 5 "$PY" "$HERE/bench/scale_bench.py" \
    --compare "$DIR/local-$DOCS.db" "$DIR/dask-$DOCS.db" > "$DIR/compare.log" 2>&1 || true
note "compared: $(tail -n 1 "$DIR/compare.log")"
