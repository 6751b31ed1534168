"""The contracts of docs/ARCHITECTURE.md held against the code: the error-code table says what
errors.py says, the pipeline refuses a stage whose inputs nothing provides (E301), a stage that
fails unexpectedly is an E299 row, and every default stage satisfies the Stage protocol."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claimgraph.errors import Code
from claimgraph.model import Document, RawDocument
from claimgraph.pipeline import Pipeline, PipelineOrderError
from claimgraph.stage import Stage

DOC = Path(__file__).resolve().parents[1] / "docs" / "ARCHITECTURE.md"


def _table() -> dict[str, tuple[str, str]]:
    """code -> (name, meaning) from the '### Error codes' table."""
    text = DOC.read_text(encoding="utf-8").split("### Error codes", 1)[1]
    rows = re.findall(r"^\| `(E\d{3})` \| `(\w+)` \| (.+?) \|$", text, flags=re.M)
    return {code: (name, meaning) for code, name, meaning in rows}


def test_the_error_table_is_errors_py() -> None:
    assert _table() == {c.value: (c.name, c.meaning) for c in Code}


class _Stage:
    def __init__(
        self, name: str, requires: tuple[str, ...], provides: tuple[str, ...], fail: bool = False
    ):
        self.name, self.requires, self.provides, self.fail = name, requires, provides, fail

    def __call__(self, doc: Document) -> Document:
        if self.fail:
            raise ValueError("boom")
        return doc


def _clean(raw: RawDocument) -> Document:
    return Document(id=raw.id, uri=raw.uri, text=raw.text or "")


def test_e301_a_stage_whose_inputs_no_earlier_stage_provides() -> None:
    with pytest.raises(PipelineOrderError, match=r"\[E301\] stage 'b' requires \['x'\]"):
        Pipeline([_Stage("b", ("x",), ()), _Stage("a", (), ("x",))], clean=_clean)
    Pipeline([_Stage("a", (), ("x",)), _Stage("b", ("x",), ())], clean=_clean)


def test_e299_an_unexpected_failure_in_a_stage_is_a_row() -> None:
    pipe = Pipeline([_Stage("ok", (), ("x",)), _Stage("bad", ("x",), (), fail=True)], clean=_clean)
    raw = RawDocument(id="d1", uri="d1.txt", media_type="text/plain", text="Some text.")
    result = pipe(raw)
    assert [(e.stage, e.code) for e in result.errors] == [("bad", "E299")]
    assert "ValueError: boom" in result.errors[0].message


def test_default_stages_satisfy_the_protocol() -> None:
    stages = Pipeline().stages
    assert [s.name for s in stages] == ["nlp", "actors", "places", "events", "when", "judge"]
    assert all(isinstance(s, Stage) for s in stages)


def _check_typed(value: object, hint: object, where: str) -> int:
    """Assert that `value` holds exactly the keys the TypedDict `hint` declares (all its required
    ones, no other), recursively through lists and dicts of TypedDicts; returns the dicts seen."""
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        assert isinstance(value, list), where
        return sum(_check_typed(v, args[0], f"{where}[]") for v in value)
    if not typing.is_typeddict(hint):
        return 0
    assert isinstance(value, dict), where
    hints = typing.get_type_hints(hint)
    assert set(value) <= set(hints), f"{where}: undeclared {sorted(set(value) - set(hints))}"
    missing = set(hint.__required_keys__) - set(value)  # type: ignore[attr-defined]
    assert not missing, f"{where}: missing {sorted(missing)}"
    return 1 + sum(_check_typed(v, hints[k], f"{where}.{k}") for k, v in value.items())


def test_stage_side_data_is_what_model_side_data_declares() -> None:
    """Every stage's `Document.meta` entry, on demo stories run through the default pipeline,
    holds the keys `model.SideData` declares for it (the type is what the stages write)."""
    from claimgraph.ingest import read_paths
    from claimgraph.model import SideData

    demo = Path(__file__).parent.parent / "src/claimgraph/data/demo/voa_demo.jsonl"
    pipe = Pipeline()
    seen: dict[str, int] = {}
    for i, raw in enumerate(read_paths([demo])):
        if i >= 8:
            break
        assert isinstance(raw, RawDocument)
        doc = pipe(raw).document
        assert doc is not None
        _check_typed(doc.meta, SideData, "meta")
        for stage in doc.meta:
            seen[stage] = seen.get(stage, 0) + 1
    assert {"clean", "actors", "places", "events"} <= set(seen)


#: command and harness code imports the project lazily on purpose: a command loads the stages only
#: when it runs (`claimgraph --help` stays quick), the server's upload path the pipeline
_LAZY_FILES = ("cli.py", "cli_common.py")
_LAZY_PACKAGES = ("eval/", "serve/")
#: the nlp stage's own modules that import spaCy, loaded with the model on first use
_OWN_ON_FIRST_USE = {
    "claimgraph.nlp",
    "claimgraph.nlp.attribute_rules",
    "claimgraph.nlp.phrase_ruler",
}


def _imports_in_functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, ast.ImportFrom) and (
                    sub.level > 0 or (sub.module or "").startswith("claimgraph")
                ):
                    found.append((sub.module or ".", sub.lineno))
                elif isinstance(sub, ast.Import):
                    found += [
                        (a.name, sub.lineno) for a in sub.names if a.name.startswith("claimgraph")
                    ]
    return found


def test_no_stage_imports_the_project_inside_a_function() -> None:
    """A newcomer following a document from `pipeline.py` meets every module it passes through
    at the top of a file (issue 15): no import of the project inside a function outside the
    command and harness layers."""
    src = Path(__file__).resolve().parent.parent / "src" / "claimgraph"
    hidden = [
        f"{rel}:{line} {module}"
        for path in sorted(src.rglob("*.py"))
        if path.name not in _LAZY_FILES
        and not (rel := path.relative_to(src).as_posix()).startswith(_LAZY_PACKAGES)
        for module, line in _imports_in_functions(path)
        if module not in _OWN_ON_FIRST_USE
    ]
    assert hidden == []
