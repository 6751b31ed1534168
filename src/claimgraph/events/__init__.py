"""The events stage: who did what to whom, where, when, how many, and according to whom.

`EventStage()(doc)` fills `doc.mentions`; `acled.acled_for(type, modes)` maps to ACLED.
"""

from __future__ import annotations

from claimgraph.events.acled import acled_for
from claimgraph.events.stage import EventStage

__all__ = ["EventStage", "acled_for"]
