"""The per-document pipeline, in the order the data flows.

1. clean   RawDocument -> Document: main text, labelled segments, languages, publication date
2. nlp     spaCy sentences, entities and parses of the English segments
3. actors  entities -> actor registry ids (both scripts), provisional actors for unknown names
4. places  toponyms -> GeoNames entries
5. events  event mentions: PLOVER type/mode, roles, size, modality, attribution
6. when    each mention's time expression -> a dated TimeRef relative to the publication date
7. judge   a learned gate drops the factual mentions that state no event that happened

Every stage is pure (`Document -> Document`, no database), so the same code runs in-process, in a
process pool or on Dask workers. An exception inside a stage becomes a `DocError` row for that
document and the batch goes on; corpus-level merging happens afterwards on the store.

Each document has a time budget (`doc_timeout`; by default `TIMEOUT_FLOOR_S` plus
`TIMEOUT_PER_100KB_S` per 100 KB of text). It is enforced where the document runs: a SIGALRM
timer in the process's main thread interrupts the stage and the document becomes an E302 row
naming that stage. With a process pool the parent also watches each worker and kills one that
does not answer long after the budget (a hang inside C code), and a worker that dies takes only
the document it held with it (E303): the documents in flight beside it are run again, one by one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from claimgraph import actors, places
from claimgraph.actors import ActorStage
from claimgraph.clean import clean
from claimgraph.errors import Code
from claimgraph.events import EventStage
from claimgraph.events.location import event_location
from claimgraph.judge import JudgeStage, shipped_gate, shipped_types
from claimgraph.judge.rescue import shipped_model
from claimgraph.model import DocError, Document, RawDocument
from claimgraph.nlp import NlpStage
from claimgraph.places import PlaceStage
from claimgraph.stage import Stage, StageError
from claimgraph.when import WhenStage

__all__ = [
    "Pipeline", "Processed", "default_stages", "PipelineOrderError", "DocTimeout", "doc_budget",
    "TIMEOUT_FLOOR_S", "TIMEOUT_PER_100KB_S",
]  # fmt: skip

log = logging.getLogger(__name__)

#: fields the clean stage provides before any Stage runs
_CLEAN_PROVIDES = ("text", "segments", "published", "outlet", "title")

#: the default time budget of one document: news text runs at 4-7 s per 100 KB on one core of
#: the development machine (models loaded), so these leave about 3x headroom for slower machines
#: and busy workers; the floor covers short documents on a cold cache
TIMEOUT_FLOOR_S = 20.0
TIMEOUT_PER_100KB_S = 15.0
#: the parent kills a pool worker silent for this long past a document's budget (a hang in C
#: code that SIGALRM cannot interrupt); the worker's own timer normally fires long before
_HARD_GRACE_S = 30.0
#: a short text run through every stage before the first timed document, so that loading the
#: models is not charged to it
_WARM_UP_TEXT = (
    "KABUL, March 3 (Reuters) - Gunmen attacked a police post in Kabul on Monday, officials said."
)


class PipelineOrderError(ValueError):
    """A stage requires a field that no earlier stage provides."""


class DocTimeout(BaseException):
    """The document ran past its time budget. A BaseException, so that a stage's own
    `except Exception` cannot swallow it."""


@dataclass
class Processed:
    """The outcome for one input: the document (None when it could not be cleaned) and errors."""

    raw_id: str
    uri: str
    document: Document | None
    errors: list[DocError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def ruler_patterns() -> list[dict[str, Any]]:
    """The nlp stage's EntityRuler patterns: names from the actor registry and the gazetteer."""
    return [*actors.ruler_patterns(), *places.ruler_patterns()]


def default_stages() -> list[Stage]:
    """The per-document stages in order, each handed what it uses of the others: the nlp stage
    the later stages' names, the events stage the actor resolver and the event locator, the judge
    the shipped gate, type model and rescue model (None without them: it passes every mention on)."""
    return [
        NlpStage(patterns=ruler_patterns),
        ActorStage(),
        PlaceStage(),
        EventStage(resolve_actor=actors.resolve, locate=event_location),
        WhenStage(),
        JudgeStage(gate=shipped_gate(), rescue=shipped_model(), types=shipped_types()),
    ]


def _default_clean(raw: RawDocument) -> Document:
    return clean(raw)


def doc_budget(raw: RawDocument, doc_timeout: float | None) -> float:
    """Seconds `raw` may take: `doc_timeout` when given (0: no limit), else the default budget."""
    if doc_timeout is not None:
        return max(0.0, doc_timeout)
    return max(TIMEOUT_FLOOR_S, TIMEOUT_PER_100KB_S * len(raw.text) / 100_000)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise DocTimeout in this thread after `seconds` (0: no limit). In the main thread a
    SIGALRM timer does it; in another thread (a Dask worker runs tasks in a thread pool) a timer
    thread raises it asynchronously in this one. Either way it lands between Python bytecodes,
    so a hang inside C code is left to the parent (the process pool's watchdog, Dask's nanny)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        with _thread_alarm(seconds):
            yield
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise DocTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with _refire_if_swallowed(lambda: signal.setitimer(signal.ITIMER_REAL, _REFIRE_S)):
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# A DocTimeout that lands inside a destructor (`__del__`, e.g. of a compiled `regex` pattern)
# cannot propagate: the interpreter swallows it and prints "Exception ignored in ..." with a
# traceback, and the document would run on past its budget. So while a budget runs, a hook on
# unraisable exceptions drops that message and fires the timeout again shortly after.
_REFIRE_S = 0.05
_REFIRE: dict[int, Callable[[], object]] = {}


_OTHER_UNRAISABLE: list[Callable[[Any], object]] = []  # the hook ours was installed over


def _unraisable(info: Any) -> None:
    refire = _REFIRE.get(threading.get_ident())
    if refire is not None and isinstance(info.exc_value, DocTimeout):
        refire()
        return
    (_OTHER_UNRAISABLE[-1] if _OTHER_UNRAISABLE else sys.__unraisablehook__)(info)


@contextlib.contextmanager
def _refire_if_swallowed(refire: Callable[[], object]) -> Iterator[None]:
    if sys.unraisablehook is not _unraisable:
        _OTHER_UNRAISABLE[:] = [sys.unraisablehook]
        sys.unraisablehook = _unraisable
    _REFIRE[threading.get_ident()] = refire
    try:
        yield
    finally:
        _REFIRE.pop(threading.get_ident(), None)


def _daemon_timer(seconds: float, action: Callable[[], None]) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer


@contextlib.contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(DocTimeout)
                )

    timer = _daemon_timer(seconds, fire)
    try:
        with _refire_if_swallowed(lambda: _daemon_timer(_REFIRE_S, fire)):
            yield
    finally:
        with lock:
            state["done"] = True
            # a timeout raised but not yet delivered is withdrawn: the document finished in time
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        timer.cancel()


class Pipeline:
    def __init__(
        self,
        stages: Sequence[Stage] | None = None,
        clean: Callable[[RawDocument], Document] | None = None,
        doc_timeout: float | None = None,
    ) -> None:
        self._default = stages is None and clean is None
        self.stages = list(stages) if stages is not None else default_stages()
        self.clean = clean or _default_clean
        self.doc_timeout = doc_timeout
        self._warm = False
        self._check_order()

    def _check_order(self) -> None:
        available = set(_CLEAN_PROVIDES)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise PipelineOrderError(
                    f"[{Code.STAGE_ORDER}] stage '{stage.name}' requires {missing}, provided by no earlier stage"
                )
            available.update(stage.provides)

    def warm_up(self) -> None:
        """Load what the default stages load lazily, outside any document's time budget."""
        if self._warm:
            return
        self._warm = True
        if not self._default:
            return
        raw = RawDocument(id="warm-up", uri="warm-up", media_type="text/plain", text=_WARM_UP_TEXT)
        result = self._process(raw, budget=0)
        if result.errors:
            log.warning("warm-up document failed: %s", result.errors[0].message)
        # The models, gazetteer and registry are now ~400k long-lived objects that every cyclic
        # collection would walk again: 5% of a document's CPU at steady state. Freezing them
        # (after one collection, so no garbage is kept) leaves the collector only the
        # documents' own objects (1%); a forked worker also stops touching their pages.
        gc.collect()
        gc.freeze()

    def __call__(self, raw: RawDocument) -> Processed:
        # the models load outside the first document's budget, however the pipeline is called
        self.warm_up()
        return self._process(raw, doc_budget(raw, self.doc_timeout))

    def _process(self, raw: RawDocument, budget: float) -> Processed:
        result = Processed(raw_id=raw.id, uri=raw.uri, document=None)
        where = "clean"
        try:
            with _alarm(budget):
                try:
                    doc = self.clean(raw)
                except StageError as exc:
                    result.errors.append(_doc_error(raw, "clean", exc.code, exc.message))
                    return result
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                    _log_failure("clean", raw, exc)
                    result.errors.append(
                        _doc_error(raw, "clean", Code.CLEAN_FAILED, f"{type(exc).__name__}: {exc}")
                    )
                    return result
                result.document = doc
                for stage in self.stages:
                    where = stage.name
                    try:
                        doc = stage(doc)
                    except StageError as exc:
                        result.errors.append(_doc_error(raw, stage.name, exc.code, exc.message))
                        break
                    except Exception as exc:  # noqa: BLE001 - recorded as a DocError row
                        _log_failure(stage.name, raw, exc)
                        result.errors.append(
                            _doc_error(
                                raw, stage.name, Code.STAGE_FAILED, f"{type(exc).__name__}: {exc}"
                            )
                        )
                        break
                    result.document = doc
                where = "pipeline"
        except DocTimeout:
            log.warning("%s: over its %g s time budget in stage %s", raw.uri, budget, where)
            result.errors.append(
                _doc_error(
                    raw,
                    where,
                    Code.TIMEOUT,
                    f"over its {budget:g} s time budget in stage {where} (--doc-timeout)",
                )
            )
        if result.document is not None:
            # spaCy docs stay in this process; what leaves is plain data
            result.document._spacy.clear()
        return result

    def pipe(self, raws: Iterable[RawDocument], workers: int = 1) -> Iterator[Processed]:
        """Process documents lazily, in order; `workers > 1` uses a process pool (one model per
        worker) fed a few documents ahead, so memory does not grow with the corpus."""
        if workers <= 1:
            for raw in raws:
                self.warm_up()
                yield self(raw)
            return
        yield from _pool_pipe(raws, workers, self.doc_timeout)


def _log_failure(stage: str, raw: RawDocument, exc: Exception) -> None:
    # one line by default; the traceback with --verbose (a user never sees one unasked)
    log.warning("stage %s failed on %s: %s: %s", stage, raw.uri, type(exc).__name__, exc)
    log.info("traceback of the failure in stage %s", stage, exc_info=exc)


def _doc_error(raw: RawDocument, stage: str, code: str, message: str) -> DocError:
    return DocError(doc_id=raw.id, stage=stage, code=code, message=message, uri=raw.uri)


# -- process pool ---------------------------------------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(doc_timeout: float | None = None) -> None:
    global _WORKER_PIPELINE
    # a forked worker inherits the command line's SIGTERM handler (raise KeyboardInterrupt),
    # which the executor would catch as a task's error: a terminated worker must end
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_PIPELINE = Pipeline(doc_timeout=doc_timeout)
    _WORKER_PIPELINE.warm_up()


def _process_in_worker(raw: RawDocument) -> Processed:
    assert _WORKER_PIPELINE is not None
    return _WORKER_PIPELINE(raw)


def _new_pool(workers: int, doc_timeout: float | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(doc_timeout,)
    )


def _kill(pool: ProcessPoolExecutor) -> None:
    # the executor has no public way to stop a worker stuck in a task
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.kill()
    # waiting lets the executor's thread fail the futures in flight itself: cancelling them here
    # races it (Python 3.11 then prints an InvalidStateError traceback from that thread)
    pool.shutdown(wait=True)


def _hard_limit(raw: RawDocument, doc_timeout: float | None) -> float | None:
    budget = doc_budget(raw, doc_timeout)
    # the first wait also covers a worker loading its models
    return None if budget <= 0 else 2 * budget + _HARD_GRACE_S + 60.0


def _failed(raw: RawDocument, code: Code, message: str) -> Processed:
    return Processed(raw.id, raw.uri, None, [_doc_error(raw, "pipeline", code, message)])


def _pool_pipe(
    raws: Iterable[RawDocument], workers: int, doc_timeout: float | None
) -> Iterator[Processed]:
    source = iter(raws)
    ahead = 4 * workers
    pool = _new_pool(workers, doc_timeout)
    pending: deque[tuple[RawDocument, Future[Processed]]] = deque()
    try:
        while True:
            while len(pending) < ahead and (raw := next(source, None)) is not None:
                pending.append((raw, _submit(pool, raw)))
            if not pending:
                return
            raw, future = pending[0]
            try:
                result = future.result(timeout=_hard_limit(raw, doc_timeout))
            except (BrokenProcessPool, FutureTimeout):
                # one of the documents in flight killed or hung its worker: run each alone
                suspects = [r for r, _ in pending]
                pending.clear()
                _kill(pool)
                yield from _one_by_one(suspects, doc_timeout)
                pool = _new_pool(workers, doc_timeout)
                continue
            pending.popleft()
            yield result
    except BaseException:
        # interrupted (Ctrl-C, SIGTERM) or abandoned: the documents in flight are not awaited
        _kill(pool)
        raise
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, raw: RawDocument) -> Future[Processed]:
    try:
        return pool.submit(_process_in_worker, raw)
    except BrokenProcessPool as exc:
        # a worker died after our last wait: this document's future fails as those in flight
        # do, and it is retried alone with them (raised here, it ended the run)
        failed: Future[Processed] = Future()
        failed.set_exception(exc)
        return failed


def _one_by_one(raws: list[RawDocument], doc_timeout: float | None) -> Iterator[Processed]:
    pool = _new_pool(1, doc_timeout)
    try:
        for raw in raws:
            future = pool.submit(_process_in_worker, raw)
            try:
                yield future.result(timeout=_hard_limit(raw, doc_timeout))
            except BrokenProcessPool:
                log.warning("%s: the worker process died on it", raw.uri)
                yield _failed(
                    raw,
                    Code.WORKER_DIED,
                    "the worker process died on this document (out of memory?)",
                )
                _kill(pool)
                pool = _new_pool(1, doc_timeout)
            except FutureTimeout:
                _kill(pool)
                yield _failed(
                    raw,
                    Code.TIMEOUT,
                    "its worker hung past the time budget and was stopped (--doc-timeout)",
                )
                pool = _new_pool(1, doc_timeout)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
