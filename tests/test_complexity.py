"""The complexity gate (issue 15): no function in src/ longer than 80 lines or with a radon
cyclomatic complexity over 25, except the entries of .ci/complexity_allow.txt. The allowlist
only shrinks: an entry whose function is back under both limits, or gone, fails the test too,
so a split removes its line in the same commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from radon.visitors import Class, ComplexityVisitor, Function

ROOT = Path(__file__).resolve().parents[1]
ALLOW = ROOT / ".ci" / "complexity_allow.txt"
MAX_CC = 25
MAX_LINES = 80


def _blocks(blocks: list[Function | Class], prefix: str) -> Iterator[tuple[str, Function]]:
    """(dotted name, block) for every function, method and closure, nested ones included."""
    for block in blocks:
        name = f"{prefix}{block.name}"
        if isinstance(block, Class):
            yield from _blocks(block.methods + block.inner_classes, f"{name}.")
        else:
            yield name, block
            yield from _blocks(block.closures, f"{name}.")


def offenders() -> dict[str, tuple[int, int]]:
    """'path:function' -> (CC, lines) for each function over a limit."""
    found: dict[str, tuple[int, int]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        visitor = ComplexityVisitor.from_code(path.read_text(encoding="utf-8"))
        top: list[Function | Class] = [*visitor.functions, *visitor.classes]
        rel = path.relative_to(ROOT).as_posix()
        for name, block in _blocks(top, ""):
            lines = block.endline - block.lineno + 1
            if block.complexity > MAX_CC or lines > MAX_LINES:
                found[f"{rel}:{name}"] = (block.complexity, lines)
    return found


def allowed() -> set[str]:
    """The allowlist's keys: each line is `path:function  reason`; '#' starts a comment."""
    keys = set()
    for line in ALLOW.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            keys.add(line.split()[0])
    return keys


def test_no_function_over_the_limits_outside_the_allowlist() -> None:
    extra = {k: v for k, v in offenders().items() if k not in allowed()}
    assert not extra, f"over CC {MAX_CC} or {MAX_LINES} lines (CC, lines): {extra}"


def test_the_allowlist_only_names_current_offenders() -> None:
    stale = allowed() - set(offenders())
    assert not stale, f"within the limits now (remove from {ALLOW.name}): {sorted(stale)}"


def test_every_allowlist_entry_says_why() -> None:
    for line in ALLOW.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            assert len(entry.split(None, 1)) == 2, f"no reason given: {line!r}"
