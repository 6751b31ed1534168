"""claimgraph: a sourced conflict-event database from news text."""

__version__ = "0.1.0"
