"""Rebuild claimgraph/data/actors/sources.jsonl.gz from ../shared/data (see claimgraph.actors.build).

python tools/build_registry.py [--src ../shared/data] [--out FILE]
"""

from claimgraph.actors.build import main

if __name__ == "__main__":
    raise SystemExit(main())
