"""The per-document pipeline, in the order the data flows.

1. clean   RawDocument -> Document: main text, labelled segments, languages, publication date
2. nlp     spaCy sentences, entities and parses of the English segments
3. actors  entities -> actor registry ids (both scripts), provisional actors for unknown names
4. places  toponyms -> GeoNames entries
5. events  event mentions: PLOVER type/mode, roles, size, modality, attribution
6. when    each mention's time expression -> a dated TimeRef relative to the publication date

Every stage is pure (`Document -> Document`, no database), so the same code runs in-process, in a
process pool or on Dask workers. An exception inside a stage becomes a `DocError` row for that
document and the batch goes on; corpus-level merging happens afterwards on the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from claimgraph.model import DocError, Document, RawDocument
from claimgraph.stage import Stage, StageError

__all__ = ["Pipeline", "Processed", "default_stages", "PipelineOrderError"]

log = logging.getLogger(__name__)

#: fields the clean stage provides before any Stage runs
_CLEAN_PROVIDES = ("text", "segments", "published", "outlet", "title")


class PipelineOrderError(ValueError):
    """A stage requires a field that no earlier stage provides."""


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


def default_stages() -> list[Stage]:
    from claimgraph.actors import ActorStage
    from claimgraph.events import EventStage
    from claimgraph.nlp import NlpStage
    from claimgraph.places import PlaceStage
    from claimgraph.when import WhenStage

    return [NlpStage(), ActorStage(), PlaceStage(), EventStage(), WhenStage()]


def _default_clean(raw: RawDocument) -> Document:
    from claimgraph.clean import clean

    return clean(raw)


class Pipeline:
    def __init__(
        self,
        stages: Sequence[Stage] | None = None,
        clean: Callable[[RawDocument], Document] | None = None,
    ) -> None:
        self.stages = list(stages) if stages is not None else default_stages()
        self.clean = clean or _default_clean
        self._check_order()

    def _check_order(self) -> None:
        available = set(_CLEAN_PROVIDES)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise PipelineOrderError(
                    f"[E301] stage '{stage.name}' requires {missing}, provided by no earlier stage"
                )
            available.update(stage.provides)

    def __call__(self, raw: RawDocument) -> Processed:
        result = Processed(raw_id=raw.id, uri=raw.uri, document=None)
        try:
            doc = self.clean(raw)
        except StageError as exc:
            result.errors.append(_doc_error(raw, "clean", exc.code, exc.message))
            return result
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            log.exception("clean failed on %s", raw.uri)
            result.errors.append(_doc_error(raw, "clean", "E199", f"{type(exc).__name__}: {exc}"))
            return result
        result.document = doc
        for stage in self.stages:
            try:
                doc = stage(doc)
            except StageError as exc:
                result.errors.append(_doc_error(raw, stage.name, exc.code, exc.message))
                break
            except Exception as exc:  # noqa: BLE001 - recorded as a DocError row
                log.exception("stage %s failed on %s", stage.name, raw.uri)
                result.errors.append(
                    _doc_error(raw, stage.name, "E299", f"{type(exc).__name__}: {exc}")
                )
                break
        result.document = doc
        # spaCy docs stay in this process; what leaves is plain data
        doc._spacy.clear()
        return result

    def pipe(self, raws: Iterable[RawDocument], workers: int = 1) -> Iterator[Processed]:
        """Process documents in order; `workers > 1` uses a process pool (one model per worker)."""
        if workers <= 1:
            for raw in raws:
                yield self(raw)
            return
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            yield from pool.map(_process_in_worker, raws, chunksize=4)


def _doc_error(raw: RawDocument, stage: str, code: str, message: str) -> DocError:
    return DocError(doc_id=raw.id, stage=stage, code=code, message=message, uri=raw.uri)


_WORKER_PIPELINE: Pipeline | None = None


def _init_worker() -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline()


def _process_in_worker(raw: RawDocument) -> Processed:
    assert _WORKER_PIPELINE is not None
    return _WORKER_PIPELINE(raw)
