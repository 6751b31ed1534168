"""The contract every per-document stage meets.

A stage is a callable `Document -> Document` with a `name`, the fields it `requires` and the
fields it `provides`. `Pipeline` checks the order when it is built (as spaCy's factories do) and
turns any exception inside a stage into a `DocError` row, so one bad document never stops a batch.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from claimgraph.model import Document


@runtime_checkable
class Stage(Protocol):
    # read-only members, so a stage's class attribute `requires = ("segments", "entities")`
    # (a tuple of that length) satisfies the protocol; mypy checks it in .ci/run
    @property
    def name(self) -> str: ...
    @property
    def requires(self) -> tuple[str, ...]: ...
    @property
    def provides(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Document) -> Document: ...


class StageError(Exception):
    """A stage's expected failure, with a greppable code ("E201") for the DocError row."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
