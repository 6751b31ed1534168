"""The judge stage: a learned second opinion on every mention the event rules make.

`JudgeStage` (stage 6, after `when`) asks, of each mention the rules call factual (asserted or
hedged): does this mention state an event the story reports as having happened? The answer is a
logistic score over cheap sparse features (`features.mention_features`) with weights fitted offline
on our read annotations (`eval/train_gate.py`) and shipped as plain arrays (`gate.Gate`); a
mention under the gate's threshold is dropped from the document. Before the gate decides, a type
model (`types.TypeModel`, fitted by `eval/train_types.py`) may give a factual mention another
PLOVER type. Without a shipped gate or type model the stage passes every mention on unchanged.
"""

from claimgraph.judge.gate import Gate, shipped_gate
from claimgraph.judge.stage import JudgeStage
from claimgraph.judge.types import TypeModel, shipped_types

__all__ = ["Gate", "JudgeStage", "TypeModel", "shipped_gate", "shipped_types"]
