"""Ingest: files and folders -> RawDocument records (or DocError rows for what cannot be read).

In: paths (files or directories, walked recursively in sorted order). Out: an iterator of
`RawDocument | DocError`, produced lazily, one file at a time, so processing starts with the first
document and nothing read later can stop what came before. Formats: plain text, HTML, JSONL (one
record per line with a `text` field and optional `url`/`title`/`published`), WARC (HTML/text
response records); any of them gzipped. A JSONL file is read a block at a time (`ingest.lines`):
an archive of millions of records costs the driver one block of memory, not the file.

A document's id is the sha256 of its raw bytes (of the line, for JSONL; of the body, for a WARC
record), so re-ingesting the same file yields the same ids and the store can skip it. An error
row's id hashes where it was found with what was there, so two different empty files are two
rows and the same bad file read again is the same row.

Nothing here raises for a bad input: binary, empty, undecodable, oversized, truncated or
unreadable files, hidden entries, special files and broken links all come back as DocError rows
with a code from `claimgraph.errors`; an unexpected exception while reading one file becomes an
E015 row for that file and the walk goes on. Every string handed on is valid Unicode (lone
surrogates replaced, undecodable file-name bytes shown as `\\xNN`), so the store can write it.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import json
import logging
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import Code
from claimgraph.ingest.lines import Line, line_of, stream_lines
from claimgraph.model import DocError, RawDocument

__all__ = [
    "iter_files",
    "read_path",
    "read_paths",
    "decode_bytes",
    "safe_str",
    "path_uri",
    "DEFAULT_MAX_MB",
]

log = logging.getLogger(__name__)

#: documents larger than this are recorded as failed (E003) rather than parsed for minutes
DEFAULT_MAX_MB = 5.0
#: a gzipped JSONL file may hold many documents; past this it is refused (a decompression bomb)
_MAX_JSONL_BYTES = 2_000_000_000

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
#: files operating systems leave in folders: never a document
_SYSTEM_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_str(value: str) -> str:
    """`value` with lone surrogates (from JSON escapes or file names) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def path_uri(path: str | Path) -> str:
    """A path as valid Unicode: bytes that are not UTF-8 are shown as `\\xNN`."""
    try:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    except UnicodeEncodeError:  # a str path holding surrogates no file system gave
        return safe_str(str(path))


def _error(uri: str, content: bytes | str, code: Code, message: str) -> DocError:
    key = (
        uri.encode("utf-8")
        + b"\0"
        + (content.encode("utf-8") if isinstance(content, str) else content)
    )
    return DocError(doc_id=_sha256(key), stage="ingest", code=code, message=message, uri=uri)


# -- walking folders ---------------------------------------------------------------------


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every regular file under the given paths, directories walked recursively, in sorted order
    (what `read_paths` reads; the entries it reports as errors are left out)."""
    for item in _walk(paths):
        if isinstance(item, Path):
            yield item


def _walk(paths: Iterable[str | Path]) -> Iterator[Path | DocError]:
    """Files to read, and an error row for every entry that will not be read and why."""
    for p in paths:
        yield from _walk_entry(Path(p), top=True, ancestors=())


def _walk_entry(
    path: Path, *, top: bool, ancestors: tuple[tuple[int, int], ...]
) -> Iterator[Path | DocError]:
    uri = path_uri(path)
    try:
        st = path.stat()  # follows links: a loop or a dangling link fails here
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield _error(uri, "", Code.SYMLINK_LOOP, "symbolic link loop")
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            what = "dangling symbolic link" if path.is_symlink() else "no such file or directory"
            yield _error(uri, "", Code.MISSING, what)
        else:
            yield _error(uri, "", Code.UNREADABLE, f"cannot read: {exc.strerror or exc}")
        return
    hidden = not top and (path.name.startswith(".") or path.name in _SYSTEM_NAMES)
    if stat.S_ISDIR(st.st_mode):
        if hidden:
            yield _error(
                uri, "", Code.SKIPPED, "hidden folder not read (pass it by name to read it)"
            )
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield _error(uri, "", Code.SYMLINK_LOOP, "folder links back to a folder that holds it")
            return
        try:
            with os.scandir(path) as it:
                names = sorted(entry.name for entry in it)
        except OSError as exc:
            yield _error(uri, "", Code.UNREADABLE, f"cannot list folder: {exc.strerror or exc}")
            return
        for name in names:
            yield from _walk_entry(path / name, top=False, ancestors=(*ancestors, key))
    elif stat.S_ISREG(st.st_mode):
        if hidden:
            yield _error(
                uri, "", Code.SKIPPED, "hidden or system file not read (pass it by name to read it)"
            )
        else:
            yield path
    else:
        yield _error(
            uri, "", Code.NOT_A_FILE, f"not a regular file ({_kind(st.st_mode)}), not opened"
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "special file"


# -- decoding ------------------------------------------------------------------------------


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


def _raw(**fields: Any) -> RawDocument:
    """A RawDocument whose strings are all valid Unicode."""
    for key in ("text", "uri", "url", "title", "published"):
        if isinstance(fields.get(key), str):
            fields[key] = safe_str(fields[key])
    if "hints" in fields:
        fields["hints"] = {
            k: safe_str(v) if isinstance(v, str) else v for k, v in fields["hints"].items()
        }
    return RawDocument(**fields)


# -- JSONL -----------------------------------------------------------------------------------


def _utf16(data: bytes) -> str | None:
    """The codec of a UTF-16 file (BOM, or NUL in every other byte of ASCII text), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:2000]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


def _line_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw)[0]  # a legacy exporter's line: read it as text files are


def _utf16_lines(data: bytes, codec: str, max_bytes: int) -> Iterator[tuple[int, Line]]:
    """A UTF-16 file's lines (decoded whole: such exports are small), hashed as UTF-8."""
    text = data.decode(codec, errors="replace").lstrip("\ufeff")
    for lineno, line in enumerate(text.splitlines(), start=1):
        yield lineno, line_of(line.encode("utf-8", errors="surrogatepass"), max_bytes)


_UTF8_BOM = b"\xef\xbb\xbf"


def _file_sha256(path: Path, gz: bool = False) -> str:
    """The sha256 of a file's bytes (decompressed: `gz`), read a block at a time."""
    digest = hashlib.sha256()
    with (gzip.open if gz else open)(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


#: a gzip that inflates more than this many times its size is a decompression bomb, not text
#: (news JSONL compresses 3-10 times); past it the file stops with an error row
_MAX_GZIP_RATIO = 200


class _Bomb(Exception):
    pass


class _Read1:
    """A gzip's blocks by `read1`, counted against `_MAX_GZIP_RATIO` times `packed` bytes."""

    def __init__(self, fh: Any, packed: int) -> None:
        self._fh = fh
        self._left = max(_MAX_JSONL_BYTES, _MAX_GZIP_RATIO * packed)

    def read(self, size: int = -1, /) -> bytes:
        block = bytes(self._fh.read1(size))
        self._left -= len(block)
        if self._left < 0:
            raise _Bomb
        return block


def _marking(lines: Iterable[tuple[int, Line]], seen: list[bool]) -> Iterator[tuple[int, Line]]:
    """`lines`, setting `seen[0]` at the first that is not ASCII whitespace."""
    for item in lines:
        data = item[1].data
        if data is None or (data and not data.isspace()):
            seen[0] = True
        yield item


def _jsonl_file(path: Path, uri: str, gz: bool, max_bytes: int) -> Iterator[RawDocument | DocError]:
    """A JSONL file (gzipped or not) read a block at a time: memory stays flat however many
    records it holds. A gzip that breaks off keeps the records before the break and adds an
    error row for the file."""
    try:
        fh = gzip.open(path, "rb") if gz else path.open("rb")
    except OSError as exc:
        yield _error(uri, "", Code.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return
    seen = [False]
    try:
        with fh:
            head = fh.read(4000)
            codec = _utf16(head)
            if codec is not None:  # decoded whole, as before: such exports are small
                data = head + fh.read(_MAX_JSONL_BYTES + 1 - len(head))
                if len(data) > _MAX_JSONL_BYTES:
                    why = f"a UTF-16 JSONL file over {_MAX_JSONL_BYTES / 1e6:g} MB"
                    yield _error(uri, _file_sha256(path), Code.TOO_LARGE, why)
                    return
                lines: Iterable[tuple[int, Line]] = _utf16_lines(data, codec, max_bytes)
            else:
                fh.seek(len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0)
                # a gzip's `read(n)` raises at a cut before handing over what it decompressed
                # up to it; `read1` hands it over, and raises at the next call
                blocks = _Read1(fh, path.stat().st_size) if gz else fh
                lines = enumerate(stream_lines(blocks, max_bytes), start=1)
            yield from _read_jsonl(uri, _marking(lines, seen))
    except _Bomb:
        why = f"decompresses to over {_MAX_GZIP_RATIO} times its size (a decompression bomb?)"
        yield _error(uri, _file_sha256(path), Code.TOO_LARGE, why)
        return
    except (OSError, EOFError, zlib.error) as exc:
        if gz:
            yield _error(uri, _file_sha256(path), Code.BAD_GZIP, f"bad gzip file: {exc}")
        else:
            yield _error(uri, "", Code.UNREADABLE, f"cannot read file: {exc}")
        return
    if not seen[0]:
        yield _error(uri, _file_sha256(path, gz), Code.EMPTY_FILE, "empty file")


def _field(rec: dict[str, Any], key: str) -> str | None:
    """A string field; numbers are written out, other types (lists, objects) are dropped."""
    value = rec.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, str)):
        return str(value) if str(value).strip() else None
    log.warning("JSONL field %r is %s, not a string: ignored", key, type(value).__name__)
    return None


def _read_jsonl(
    uri_base: str, lines: Iterable[tuple[int, Line]]
) -> Iterator[RawDocument | DocError]:
    for lineno, line in lines:
        uri = f"{uri_base}#{lineno}"
        doc_id = line.sha256
        if line.data is None:
            yield _error(
                uri, doc_id, Code.TOO_LARGE, f"record is {line.length / 1e6:.1f} MB, over the limit"
            )
            continue
        text = _line_text(line.data)
        if not text.strip():
            continue
        try:
            rec = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _error(uri, doc_id, Code.NOT_JSON, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield _error(uri, doc_id, Code.NOT_JSON, "JSON nested too deeply")
            continue
        body = rec.get("text") if isinstance(rec, dict) else None
        dated = _field(rec, "published") if isinstance(rec, dict) else None
        if (not isinstance(body, str) or not body.strip()) and dated:
            # a dated record with a title but no body keeps its title as its text, so its date
            # is not lost
            body = _field(rec, "title")
        if not isinstance(body, str) or not body.strip():
            why = (f"JSONL record has neither 'text' nor 'title' (published {safe_str(dated)[:40]})" if dated
                   else "JSONL record has no non-empty 'text' field")  # fmt: skip
            yield _error(uri, doc_id, Code.BAD_RECORD, why)
            continue
        hints = {k: v for k in ("author", "section", "outlet") if (v := _field(rec, k))}
        yield _raw(
            id=doc_id,
            uri=uri,
            media_type="text/html" if rec.get("media_type") == "text/html" else "text/plain",
            text=body,
            url=_field(rec, "url"),
            title=_field(rec, "title"),
            published=_field(rec, "published"),
            hints=hints,
        )


# -- WARC ------------------------------------------------------------------------------------


def _read_warc(path: Path, uri_base: str, max_bytes: int) -> Iterator[RawDocument | DocError]:
    """A WARC(.gz) file -> a RawDocument per text or HTML response/resource record, an E003
    row per record over `max_bytes`, and one row for an empty, broken or truncated archive
    (E002, E011, E007); what was read before a break is kept."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:  # pragma: no cover - warcio is a base dependency
        yield _error(uri_base, "", Code.NO_WARCIO, "warcio is not installed")
        return
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _error(uri_base, "", Code.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return
    size = os.fstat(fh.fileno()).st_size
    if size == 0:
        fh.close()
        yield _error(uri_base, "", Code.EMPTY_FILE, "empty file")
        return
    scan = _WarcScan()
    with fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                scan.records += 1
                yield from _warc_record(record, it, uri_base, size, max_bytes, scan)
                if scan.broken:
                    break
        except ArchiveLoadFailed as exc:
            if scan.records == 0:
                yield _error(uri_base, str(size), Code.EMPTY_WARC, f"not a WARC file: {exc}")
            else:
                yield _error(
                    uri_base,
                    str(size),
                    Code.BROKEN_WARC,
                    f"broken WARC after {scan.records} records: {exc}",
                )
            return
        except Exception as exc:  # noqa: BLE001 - a broken archive keeps what was read before
            yield _error(
                uri_base, str(size), Code.BROKEN_WARC, f"broken WARC: {type(exc).__name__}: {exc}"
            )
            return
        yield from _warc_tail(fh, uri_base, size, scan)


@dataclass
class _WarcScan:
    """How far a WARC file was read: records seen, the offset where the last complete record
    ended, and whether a record was found cut short."""

    records: int = 0
    end: int = 0
    broken: bool = False


def _warc_record(
    record: Any, it: Any, uri_base: str, size: int, max_bytes: int, scan: _WarcScan
) -> Iterator[RawDocument | DocError]:
    """One WARC record -> a RawDocument if it is a text or HTML response/resource with a body,
    an E003 row if that body is over `max_bytes`, an E007 row (and `scan.broken`) if the file
    ended inside it; nothing for other records. Moves `scan.end` past a complete record."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    uri = f"{uri_base}#{safe_str(url)}"
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    wanted = record.rec_type in ("response", "resource") and (
        not ctype or ctype.startswith(("text/", "application/xhtml"))
    )
    body = record.content_stream().read(max_bytes + 1) if wanted else b""
    it.read_to_end()
    missing = getattr(record.raw_stream, "limit", None)
    if record.rec_type is None or missing is None or missing > 0:
        # the file ended inside this record, or its header block is cut short
        what = f"{missing} bytes of it missing" if missing else "no complete WARC header"
        yield _error(
            uri, f"{size}:{it.get_record_offset()}", Code.BROKEN_WARC, f"truncated record: {what}"
        )
        scan.broken = True
        return
    scan.end = it.get_record_offset() + it.get_record_length()
    if not wanted or not body.strip():
        return
    doc_id = _sha256(body)
    if len(body) > max_bytes:
        yield _error(
            uri, doc_id, Code.TOO_LARGE, f"record is over {max_bytes / 1e6:.1f} MB, the limit"
        )
        return
    text, enc = decode_bytes(body)
    yield _raw(
        id=doc_id,
        uri=uri,
        media_type="text/plain" if ctype.startswith("text/plain") else "text/html",
        text=text,
        encoding=enc,
        url=url or None,
        # when the page was captured, not published: clean uses it only when the
        # page itself gives no date (a re-crawl must not re-date the same story)
        hints={"captured": record.rec_headers.get_header("WARC-Date")},
    )


def _warc_tail(
    fh: Any, uri_base: str, size: int, scan: _WarcScan
) -> Iterator[RawDocument | DocError]:
    """After warcio stopped: an E007 row for bytes left after the last complete record (warcio
    ends quietly at a record cut inside its headers, or a truncated gzip member), an E011 row
    for a file with no record."""
    fh.seek(scan.end)
    tail = fh.read(65536)
    if scan.broken:
        return
    if tail.strip():
        yield _error(
            uri_base,
            str(size),
            Code.BROKEN_WARC,
            f"truncated WARC: {size - scan.end} bytes after the last complete record",
        )
    elif scan.records == 0:
        yield _error(uri_base, str(size), Code.EMPTY_WARC, "no WARC records in the file")


# -- files -------------------------------------------------------------------------------------


def _gunzip(data: bytes, cap: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        return gz.read(cap + 1)


def read_path(path: Path, max_mb: float = DEFAULT_MAX_MB) -> Iterator[RawDocument | DocError]:
    """Read one file into zero or more RawDocuments (JSONL and WARC hold many)."""
    uri = path_uri(path)
    max_bytes = int(max_mb * 1_000_000)
    name = path.name.lower()
    try:
        st = path.stat()
    except OSError as exc:
        yield _error(
            uri,
            "",
            Code.MISSING if exc.errno == errno.ENOENT else Code.UNREADABLE,
            f"cannot read: {exc.strerror or exc}",
        )
        return
    if not stat.S_ISREG(st.st_mode):
        yield _error(
            uri, "", Code.NOT_A_FILE, f"not a regular file ({_kind(st.st_mode)}), not opened"
        )
        return
    if name.endswith(_WARC_SUFFIXES):
        yield from _read_warc(path, uri, max_bytes)
        return
    jsonl = name.removesuffix(".gz").endswith((".jsonl", ".ndjson"))
    if not jsonl and not name.endswith(".gz") and st.st_size > max_bytes:
        yield _error(
            uri, str(st.st_size), Code.TOO_LARGE,
            f"document is {st.st_size / 1e6:.1f} MB, over the {max_mb:g} MB limit (raise --max-doc-mb)",
        )  # fmt: skip
        return
    if jsonl:
        yield from _jsonl_file(path, uri, name.endswith(".gz"), max_bytes)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _error(uri, "", Code.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return
    if name.endswith(".gz"):
        try:
            data = _gunzip(data, max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            yield _error(uri, _sha256(data), Code.BAD_GZIP, f"bad gzip file: {exc}")
            return
        if len(data) > max_bytes:
            yield _error(
                uri,
                _sha256(data),
                Code.TOO_LARGE,
                f"decompresses to over {max_bytes / 1e6:g} MB, the limit",
            )
            return
        name = name[:-3]
    doc_id = _sha256(data)
    if not data.strip():
        yield _error(uri, doc_id, Code.EMPTY_FILE, "empty file")
        return
    codec = _utf16(data)
    if _looks_binary(data) and codec is None:
        yield _error(uri, doc_id, Code.BINARY, "binary file, not text, HTML, JSONL or WARC")
        return
    if len(data) > max_bytes:
        yield _error(
            uri, doc_id, Code.TOO_LARGE,
            f"document is {len(data) / 1e6:.1f} MB, over the {max_mb:g} MB limit (raise --max-doc-mb)",
        )  # fmt: skip
        return
    if codec is not None:
        text, enc = data.decode(codec, errors="replace").lstrip("\ufeff"), codec
    else:
        text, enc = decode_bytes(data)
    yield _raw(id=doc_id, uri=uri, media_type=_media_type(path, text), text=text, encoding=enc)


def read_paths(
    paths: Iterable[str | Path], max_mb: float = DEFAULT_MAX_MB
) -> Iterator[RawDocument | DocError]:
    """Everything under `paths`, lazily: a document or an error row for every file and record,
    and an error row for every entry that is not read (see the module docstring)."""
    for item in _walk(paths):
        if isinstance(item, DocError):
            yield item
            continue
        try:
            yield from read_path(item, max_mb=max_mb)
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the batch
            log.exception("reading %s failed", path_uri(item))
            yield _error(path_uri(item), "", Code.READ_FAILED, f"{type(exc).__name__}: {exc}")
