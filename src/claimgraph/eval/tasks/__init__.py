"""The eval tasks, one module each (`claimgraph eval TASK` loads `tasks.<task_with_underscores>`):
in, a gold folder laid out as in ../shared/eval; out, an `eval.EvalResult` (metrics and table)."""
