"""The `dates` eval task on ../shared/eval/tempeval3_platinum (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval import UnknownDataset, run_task
from claimgraph.eval.tasks.dates import parse_tml

DATA = Path(__file__).parents[2] / "shared" / "eval" / "tempeval3_platinum"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" temporalFunction="false" functionInDocument="CREATION_TIME">2013-03-22</TIMEX3></DCT>
<TEXT>
The FAA on <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> <EVENT eid="e1">said</EVENT> closures will begin on <TIMEX3 tid="t2" type="DATE" value="2013-04-07">April 7</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="P4W">four weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_when_eval_tiny_tml(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    dct, text, timexes = parse_tml(tmp_path / "a.tml")
    assert str(dct) == "2013-03-22"
    assert [text[t["start"] : t["end"]] for t in timexes] == ["Friday", "April 7", "four weeks"]  # type: ignore[misc]
    r = run_task("dates", tmp_path)
    assert r.n == 2 and r.metrics["accuracy"] == 1.0
    assert r.metrics["n_duration"] == 1


def test_when_eval_unknown_dir(tmp_path: Path) -> None:
    with pytest.raises(UnknownDataset):
        run_task("dates", tmp_path)


@pytest.mark.eval
def test_when_eval_tempeval3_dev() -> None:
    if not DATA.is_dir():
        pytest.skip("../shared/eval/tempeval3_platinum is absent")
    r = run_task("dates", DATA)
    assert r.n >= 30
    assert r.metrics["accuracy"] >= 0.85
