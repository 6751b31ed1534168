"""merge: a stored document's MergeDoc read from its record equals the one built from the model."""

from __future__ import annotations

import json

import pytest

from claimgraph.merge import MergeDoc
from claimgraph.model import Document, PubDate, Segment, SegmentKind

TEXT = "Shelling hit the town.\nA photo caption.\nA reader wrote: nonsense.\nRelated: other story."


def _doc(published: PubDate | None, segments: list[Segment]) -> Document:
    return Document(
        id="d1", uri="a.txt", url="https://example.org/a", outlet="Example News", text=TEXT,
        segments=segments, published=published,
    )  # fmt: skip


SEGMENTS = [
    Segment(kind=SegmentKind.body, start=0, end=22),
    Segment(kind=SegmentKind.caption, start=23, end=39),
    Segment(kind=SegmentKind.comment, start=40, end=65),
    Segment(kind=SegmentKind.related, start=66, end=len(TEXT)),
]


@pytest.mark.parametrize(
    "published",
    [None, PubDate(value="2016-03-02"), PubDate(value="2000-03-02", year_known=False)],
)
@pytest.mark.parametrize("segments", [SEGMENTS, []])
def test_merge_doc_from_record_equals_from_document(
    published: PubDate | None, segments: list[Segment]
) -> None:
    doc = _doc(published, segments)
    record = json.loads(json.dumps(doc.model_dump(mode="json", exclude={"text"})))
    assert MergeDoc.from_record(record, doc.text) == MergeDoc.from_document(doc)
