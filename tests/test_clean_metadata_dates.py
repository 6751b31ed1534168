"""Publication dates from metadata when the body is empty or tiny, and datelines without a year
(issue 21). Every page and sentence here is written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.clean import clean
from claimgraph.clean.dates import complete_year, infer_pubdate, iso_or_partial, parse_date_string
from claimgraph.ingest import read_paths
from claimgraph.model import DocError, PubDate, RawDocument
from claimgraph.stage import StageError

ID = "0" * 64


def _html(head: str, body: str = "", url: str | None = None) -> RawDocument:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return RawDocument(id=ID, uri="file:///page.html", media_type="text/html", text=page, url=url)


def _plain(text: str, **kw) -> RawDocument:  # type: ignore[no-untyped-def]
    return RawDocument(id=ID, uri="file:///story.txt", media_type="text/plain", text=text, **kw)


@pytest.mark.parametrize(
    "head",
    [
        '<title>Ferry service suspended on the lake</title><meta name="dc:created" content="2021-06-09">',
        "<title>Ferry service suspended on the lake</title>"
        '<meta property="article:published_time" content="2021-06-09T07:15:00+00:00">',
        "<title>Ferry service suspended on the lake - 9 June 2021</title>",
    ],
)
def test_clean_head_only_page_keeps_title_and_date(head: str) -> None:
    doc = clean(_html(head))
    assert doc.title and doc.title.startswith("Ferry service suspended on the lake")
    assert doc.text.startswith("Ferry service suspended")
    assert [s.kind.value for s in doc.segments] == ["title"]
    assert doc.published is not None and doc.published.value == "2021-06-09"
    assert doc.published.year_known and doc.published.source == "html-meta"


def test_clean_head_only_page_without_title_records_its_date_in_the_error() -> None:
    with pytest.raises(StageError) as err:
        clean(_html('<meta name="dc:created" content="2021-06-09">'))
    assert "E113" in str(err.value) and "2021-06-09" in str(err.value)


def test_clean_head_only_page_without_date_is_still_no_text() -> None:
    with pytest.raises(StageError) as err:
        clean(_html("<title>Ferry service suspended on the lake</title>"))
    assert "E113" in str(err.value)


def test_clean_tiny_body_keeps_metadata_date() -> None:
    doc = clean(_html('<title>Ferry halted</title><meta name="dc:created" content="2021-06-09">',
                      "<p>Ferries stopped.</p>"))  # fmt: skip
    assert doc.published is not None and doc.published.value == "2021-06-09"


@pytest.mark.parametrize(
    ("line", "mmdd"),
    [
        (
            "Jun 9, Kisumu: Strong winds stopped the ferries on the lake on Wednesday, the port said.",
            "06-09",
        ),
        (
            "JUN 9, KISUMU: Strong winds stopped the ferries on the lake on Wednesday, the port said.",
            "06-09",
        ),
        ("Sept. 14, Jinja - Strong winds stopped the ferries on the lake, the port said.", "09-14"),
        (
            "9 June, Kisumu: Strong winds stopped the ferries on the lake on Wednesday, the port said.",
            "06-09",
        ),
        (
            "KISUMU, June 9 - Strong winds stopped the ferries on the lake on Wednesday, the port said.",
            "06-09",
        ),
        (
            "June 9 (Lakeside Wire) - Strong winds stopped the ferries on the lake, the port said.",
            "06-09",
        ),
    ],
)
def test_clean_dateline_without_year_is_month_day(line: str, mmdd: str) -> None:
    doc = clean(_plain(f"Ferries halted\n\n{line}\nMore crossings are planned next week.\n"))
    pub = doc.published
    assert pub is not None and not pub.year_known and pub.granularity == "day"
    assert iso_or_partial(pub) == "--" + mmdd
    assert pub.evidence is not None and pub.evidence.text[:1].isalnum()


def test_clean_day_month_inside_a_sentence_is_no_publication_date() -> None:
    doc = clean(
        _plain(
            "Ferries halted\n\nThe port said the ferries stopped on 9 June after strong winds.\n"
        )
    )
    assert doc.published is None


def test_clean_dateline_takes_year_from_a_year_only_container_date() -> None:
    raw = _plain("Ferries halted\n\nJun 9, Kisumu: Strong winds stopped the ferries, the port said.\n",
                 published="2021")  # fmt: skip
    doc = clean(raw)
    assert (
        doc.published is not None
        and doc.published.value == "2021-06-09"
        and doc.published.year_known
    )
    assert doc.meta["clean"]["pubdate_year_from"] == "container"


def test_clean_dateline_takes_year_from_the_url() -> None:
    raw = _plain("Ferries halted\n\nJun 9, Kisumu: Strong winds stopped the ferries, the port said.\n",
                 url="https://lake.example/news/2020/06/ferries.html")  # fmt: skip
    doc = clean(raw)
    assert doc.published is not None and doc.published.value == "2020-06-09"
    assert doc.meta["clean"]["pubdate_year_from"] == "url"


def test_clean_dateline_url_month_must_agree() -> None:
    raw = _plain("Ferries halted\n\nJun 9, Kisumu: Strong winds stopped the ferries, the port said.\n",
                 url="https://lake.example/news/2020/11/ferries.html")  # fmt: skip
    doc = clean(raw)
    assert doc.published is not None and not doc.published.year_known


def test_clean_dateline_year_from_capture_date_is_the_one_before_capture() -> None:
    text = "Ferries halted\n\nDec 30, Kisumu: Strong winds stopped the ferries, the port said.\n"
    doc = clean(_plain(text, hints={"captured": "2022-01-04T10:00:00Z"}))
    assert doc.published is not None and doc.published.value == "2021-12-30"
    assert doc.meta["clean"]["pubdate_year_from"] == "capture"


def test_complete_year_leaves_a_known_year_alone() -> None:
    pub = PubDate(value="2019-06-09", granularity="day")
    assert complete_year(pub, [("container", "2021")]) == (pub, None)


def test_parse_date_string_bare_year_is_year_granularity() -> None:
    dm = parse_date_string("2021")
    assert dm is not None and dm.granularity == "year"
    dm = parse_date_string("2021-06")
    assert dm is not None and dm.granularity == "month"


def test_infer_pubdate_place_before_date_needs_text_after() -> None:
    for text in ("KISUMU, June 9 -", "Kisumu residents, June 9: more rain"):
        assert infer_pubdate(text, [(0, len(text))]) is None


def test_ingest_jsonl_dated_record_without_body_keeps_its_title(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "Ferry service suspended on the lake", "published": "2021-06-09", "text": ""}) + "\n"
        + json.dumps({"published": "2021-06-10", "text": " "}) + "\n"
        + json.dumps({"title": "An undated headline"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    items = list(read_paths([tmp_path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, DocError)]
    assert len(docs) == 1 and docs[0].text == "Ferry service suspended on the lake"
    doc = clean(docs[0])
    assert doc.published is not None and doc.published.value == "2021-06-09" and doc.title
    assert [e.code for e in errors] == ["E005", "E005"]
    assert "2021-06-10" in errors[0].message  # the date of a record with nothing else is reported
