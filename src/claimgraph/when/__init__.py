"""The `when` stage: event time expressions -> dates with granularity, type and reason.

`resolve(text, anchor, tense)` resolves one expression (see `claimgraph.when.resolver`);
`WhenStage()(doc)` sets `mention.date` for every event mention of a document.
"""

from claimgraph.when.resolver import absolute, resolve
from claimgraph.when.stage import WhenStage, find_time_expressions, guess_tense, to_timex

__all__ = ["resolve", "absolute", "WhenStage", "find_time_expressions", "guess_tense", "to_timex"]
