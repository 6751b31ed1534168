"""The judge stage: a learned second opinion on every mention the event rules make.

`JudgeStage` (stage 6, after `when`) asks, of each mention the rules call factual (asserted or
hedged): does this mention state an event the story reports as having happened? The answer is a
logistic score over cheap sparse features (`features.mention_features`) with weights fitted offline
on our read annotations (`eval/train_gate.py`) and shipped as plain arrays (`gate.Gate`); a
mention under the gate's threshold is dropped from the document. Without a shipped gate the stage
passes every mention on.
"""

from claimgraph.judge.gate import Gate, shipped_gate
from claimgraph.judge.stage import JudgeStage

__all__ = ["Gate", "JudgeStage", "shipped_gate"]
