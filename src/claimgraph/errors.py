"""Every error code a document, a file or a run can end with, in one place.

In: nothing. Out: `Code`, a string enum whose value is the greppable code stored in a `DocError`
row ("E001") and whose `meaning` is one line for `claimgraph errors` and the README; and the
command's exit codes (`EXIT_*`).

Ranges: E0xx ingest (reading files and containers), E1xx clean, E2xx the per-document stages,
E3xx the pipeline itself (order, time budget, worker processes), E4xx the store. A code names a
kind of failure; the row's message says what exactly happened.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Code", "EXIT_OK", "EXIT_DOCS_FAILED", "EXIT_USAGE", "EXIT_STORAGE"]

#: `claimgraph` exit codes: scripts can tell a partly failed batch from a crash
EXIT_OK = 0
EXIT_DOCS_FAILED = 1  # the run finished; some documents are error rows (`claimgraph errors`)
EXIT_USAGE = 2  # bad option or argument, unknown id; nothing was written
EXIT_STORAGE = 3  # the database cannot be opened or written (or an internal error)


class Code(StrEnum):
    """An error code with the one-line meaning of the failure it names."""

    meaning: str

    def __new__(cls, code: str, meaning: str) -> Code:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.meaning = meaning
        return obj

    # -- ingest: reading files, folders and containers ----------------------------------
    BINARY = "E001", "binary file, not text, HTML, JSONL or WARC"
    EMPTY_FILE = "E002", "empty file"
    TOO_LARGE = "E003", "document over the size limit (--max-doc-mb)"
    NOT_JSON = "E004", "JSONL line that is not JSON (malformed, or nested too deeply)"
    BAD_RECORD = "E005", "JSONL record without a text, or with fields of the wrong type"
    NO_WARCIO = "E006", "warcio is not installed"
    BROKEN_WARC = "E007", "broken or truncated WARC record"
    UNREADABLE = "E008", "file or folder that cannot be read (permissions, I/O error)"
    BAD_GZIP = "E009", "corrupt or truncated gzip file"
    MISSING = "E010", "no such file (a dangling symbolic link)"
    EMPTY_WARC = "E011", "WARC file holding no readable record (plain text or nothing)"
    NOT_A_FILE = "E012", "not a regular file (a FIFO, socket or device): never opened"
    SYMLINK_LOOP = "E013", "symbolic link loop, or a folder reached twice through links"
    SKIPPED = "E014", "hidden folder or system file (.git, .DS_Store) not read"
    READ_FAILED = "E015", "unexpected failure while reading a file (a bug: please report it)"

    # -- clean ------------------------------------------------------------------------
    EMPTY_DOCUMENT = "E110", "empty document"
    BINARY_CONTENT = "E111", "binary content, not text"
    HTML_FAILED = "E112", "HTML extraction failed"
    NO_HTML_TEXT = "E113", "no text extracted from HTML"
    CLEAN_FAILED = "E199", "unexpected failure in the clean stage (a bug: please report it)"

    # -- per-document stages --------------------------------------------------------------
    STAGE_FAILED = "E299", "unexpected failure in a stage (a bug: please report it)"

    # -- the pipeline -------------------------------------------------------------------
    STAGE_ORDER = "E301", "a stage requires a field no earlier stage provides"
    TIMEOUT = "E302", "document over its time budget (--doc-timeout); the row names the stage"
    WORKER_DIED = "E303", "the worker process died while processing the document"

    # -- the store ----------------------------------------------------------------------
    NOT_STORED = "E401", "the database refused the document's data"
