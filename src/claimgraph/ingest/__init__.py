"""Ingest: files and folders -> RawDocument records (or DocError rows for what cannot be read).

In: paths (files or directories, walked recursively in sorted order). Out: an iterator of
`RawDocument | DocError`. Formats: plain text, HTML, JSONL (one record per line with a `text`
field and optional `url`/`title`/`published`), WARC (HTML/text response records).

A document's id is the sha256 of its raw bytes (of the line, for JSONL), so re-ingesting the same
file yields the same ids and the store can skip it. Nothing here raises for a bad file: binary,
empty, undecodable or oversized inputs come back as DocError rows with a greppable code.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.model import DocError, RawDocument

__all__ = ["iter_files", "read_path", "read_paths", "decode_bytes", "DEFAULT_MAX_MB"]

#: documents larger than this are recorded as failed (E003) rather than parsed for minutes
DEFAULT_MAX_MB = 5.0

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given paths, directories walked recursively, in sorted order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name not in _SKIP_NAMES and not child.name.startswith("."):
                    yield child
        else:
            yield path


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text whatever its encoding: UTF-8 (with or without BOM), else a detected charset,
    else cp1252 (which never fails for Latin-1 style files). Returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Western European legacy files are by far the most common non-UTF-8 input, and detectors
    # guess wrongly on short ones (cp1250 for French): prefer cp1252 when it reads as Latin-1 text.
    try:
        latin = data.decode("cp1252")
        non_ascii = [c for c in latin if ord(c) > 127]
        if sum(1 for c in non_ascii if 0xC0 <= ord(c) <= 0xFF) >= 0.8 * len(non_ascii):
            return latin, "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace"), best.encoding
    except Exception:  # noqa: BLE001 - detection is a best effort; cp1252 below always works
        pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _media_type(path: Path, text: str) -> str:
    if path.suffix.lower() in _HTML_SUFFIXES:
        return "text/html"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "text/html"
    return "text/plain"


def _error(doc_id: str, uri: str, code: str, message: str) -> DocError:
    return DocError(doc_id=doc_id, stage="ingest", code=code, message=message, uri=uri)


def _read_jsonl(path: Path, data: bytes, max_bytes: int) -> Iterator[RawDocument | DocError]:
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        uri = f"{path}#{lineno}"
        doc_id = _sha256(line)
        if len(line) > max_bytes:
            yield _error(doc_id, uri, "E003", f"record is {len(line) / 1e6:.1f} MB, over the limit")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error(doc_id, uri, "E004", f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        text = rec.get("text") if isinstance(rec, dict) else None
        if not isinstance(text, str) or not text.strip():
            yield _error(doc_id, uri, "E005", "JSONL record has no non-empty 'text' field")
            continue
        yield RawDocument(
            id=doc_id,
            uri=uri,
            media_type="text/html" if rec.get("media_type") == "text/html" else "text/plain",
            text=text,
            url=rec.get("url"),
            title=rec.get("title"),
            published=str(rec["published"]) if rec.get("published") else None,
            hints={k: rec[k] for k in ("author", "section", "outlet") if rec.get(k)},
        )


def _read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | DocError]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a base dependency
        yield _error(_sha256(str(path).encode()), str(path), "E006", "warcio is not installed")
        return
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
                if ctype and not ctype.startswith(("text/", "application/xhtml")):
                    continue
                body = record.content_stream().read()
                doc_id = _sha256(body)
                uri = f"{path}#{url}"
                if not body.strip():
                    continue
                if len(body) > max_bytes:
                    yield _error(doc_id, uri, "E003", f"record is {len(body) / 1e6:.1f} MB, over the limit")
                    continue
                text, enc = decode_bytes(body)
                yield RawDocument(
                    id=doc_id,
                    uri=uri,
                    media_type="text/plain" if ctype.startswith("text/plain") else "text/html",
                    text=text,
                    encoding=enc,
                    url=url,
                    # when the page was captured, not published: clean uses it only when the
                    # page itself gives no date (a re-crawl must not re-date the same story)
                    hints={"captured": record.rec_headers.get_header("WARC-Date")},
                )
        except Exception as exc:  # noqa: BLE001 - a truncated archive keeps what was read
            yield _error(_sha256(str(path).encode()), str(path), "E007", f"broken WARC: {exc}")


def read_path(path: Path, max_mb: float = DEFAULT_MAX_MB) -> Iterator[RawDocument | DocError]:
    """Read one file into zero or more RawDocuments (JSONL and WARC hold many)."""
    uri = str(path)
    max_bytes = int(max_mb * 1_000_000)
    name = path.name.lower()
    if name.endswith(_WARC_SUFFIXES):
        yield from _read_warc(path, max_bytes)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _error(_sha256(uri.encode()), uri, "E008", f"cannot read file: {exc.strerror or exc}")
        return
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except OSError as exc:
            yield _error(_sha256(data), uri, "E009", f"bad gzip file: {exc}")
            return
        name = name[:-3]
    doc_id = _sha256(data)
    if not data.strip():
        yield _error(doc_id, uri, "E002", "empty file")
        return
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        yield from _read_jsonl(path, data, max_bytes)
        return
    if _looks_binary(data):
        yield _error(doc_id, uri, "E001", "binary file, not text, HTML, JSONL or WARC")
        return
    if len(data) > max_bytes:
        yield _error(
            doc_id, uri, "E003",
            f"document is {len(data) / 1e6:.1f} MB, over the {max_mb:g} MB limit (raise --max-doc-mb)",
        )  # fmt: skip
        return
    text, enc = decode_bytes(data)
    yield RawDocument(id=doc_id, uri=uri, media_type=_media_type(path, text), text=text, encoding=enc)


def read_paths(
    paths: Iterable[str | Path], max_mb: float = DEFAULT_MAX_MB
) -> Iterator[RawDocument | DocError]:
    for path in iter_files(paths):
        if not path.exists():
            yield _error(_sha256(str(path).encode()), str(path), "E010", "no such file or directory")
            continue
        yield from read_path(path, max_mb=max_mb)
