"""Unit tests for the plain-text and HTML paths of the clean stage, on tiny hand-written fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.clean import clean, outlet_from_url
from claimgraph.clean.lang import detect_lang
from claimgraph.model import RawDocument, SegmentKind
from claimgraph.stage import StageError

FIX = Path(__file__).parent / "fixtures" / "clean"


def _raw(text: str, media_type: str = "text/plain", **kw) -> RawDocument:  # type: ignore[no-untyped-def]
    return RawDocument(id="t", uri="mem://t", media_type=media_type, text=text, **kw)


def _by_kind(doc, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [doc.text[s.start : s.end] for s in doc.segments if s.kind.value == kind]


@pytest.fixture(scope="module")
def thread():  # type: ignore[no-untyped-def]
    return clean(_raw((FIX / "thread.txt").read_text(encoding="utf-8")))


def test_clean_plain_text_is_raw_text(thread) -> None:  # type: ignore[no-untyped-def]
    assert thread.text == (FIX / "thread.txt").read_text(encoding="utf-8")
    for s in thread.segments:
        seg = thread.text[s.start : s.end]
        assert seg == seg.strip() and seg


def test_clean_plain_every_content_line_is_covered(thread) -> None:  # type: ignore[no-untyped-def]
    covered = set()
    for s in thread.segments:
        covered.update(range(s.start, s.end))
    for i, ch in enumerate(thread.text):
        if not ch.isspace():
            assert i in covered, repr(thread.text[i : i + 30])


def test_clean_plain_thread_kinds(thread) -> None:  # type: ignore[no-untyped-def]
    body = " ".join(_by_kind(thread, "body"))
    assert "Rebel fighters seized the hilltop town" in body
    for chrome in (
        "Link to comment",
        "Share on other sites",
        ".jpg",
        "Sign up",
        "Mar 3, 2011",
        "1,204",
        "said:",
        "Copyright",
        "Sign in",
    ):
        assert chrome not in body, chrome
    assert _by_kind(thread, "title") == ["Rebels seize hilltop town after week of fighting"]
    assert _by_kind(thread, "byline") == ["By Jane Roe and John Doe"]
    assert _by_kind(thread, "caption") == [
        "Fighters stand on a road near Exampleville, May 2, 2019."
    ]


def test_clean_plain_quotes_not_kept_twice(thread) -> None:  # type: ignore[no-untyped-def]
    comments = _by_kind(thread, "comment")
    quotes = [s for s in thread.segments if s.kind == SegmentKind.quote]
    assert len(quotes) == 1 and quotes[0].author == "skeptic99"
    assert quotes[0].time == "5 minutes ago"
    doubt = [c for c in comments if c.startswith("I doubt this")]
    assert len(doubt) == 1
    # the author named in the quote header is given back to the post it quotes
    first = next(
        s
        for s in thread.segments
        if s.kind == SegmentKind.comment and thread.text[s.start : s.end].startswith("I doubt this")
    )
    assert first.author == "skeptic99"
    # the poster's own question above the reposted story is their comment, not the story
    remark = [
        s for s in thread.segments if thread.text[s.start : s.end].startswith("Posted the story")
    ]
    assert [(r.kind, r.author) for r in remark] == [(SegmentKind.comment, "forumuser")]
    assert any(c.startswith("They said the same") for c in comments)


def test_clean_plain_pubdate_and_outlet(thread) -> None:  # type: ignore[no-untyped-def]
    pub = thread.published
    assert pub is not None and pub.value == "2019-05-07" and pub.granularity == "day"
    assert pub.year_known and pub.source == "text"
    assert thread.text[pub.evidence.start : pub.evidence.end] == "2019-05-07"
    assert thread.outlet == "Wirewire"


def test_clean_container_fields_win() -> None:
    doc = clean(
        _raw(
            "Some headline here today\n\nA body sentence that says something about the war.",
            url="https://www.example.org/a/b",
            title="Some headline here today",
            published="2016-03-01T10:00:00Z",
        )
    )
    assert doc.published.value == "2016-03-01" and doc.published.source == "container"
    assert doc.title == "Some headline here today"
    assert doc.outlet == "example.org"
    assert _by_kind(doc, "title") == ["Some headline here today"]


def test_clean_date_without_year() -> None:
    doc = clean(
        _raw("Headline of the day here\n\nMay 3, Kabul: Officials said the road was closed.")
    )
    assert doc.published.granularity == "day" and doc.published.year_known is False
    assert doc.published.value.endswith("-05-03")


def test_clean_html_page() -> None:
    doc = clean(
        _raw(
            (FIX / "page.html").read_text(), media_type="text/html", url="https://www.example.com/x"
        )
    )
    body = " ".join(_by_kind(doc, "body"))
    assert "retaken the main border crossing" in body
    assert "newsletter" not in body and "Home" not in body
    assert doc.published.value == "2020-02-14"
    assert doc.title and "Army retakes border crossing" in doc.title
    assert all(s.lang == "en" for s in doc.segments if s.kind.value == "body")


def test_clean_empty_raises_stage_error() -> None:
    with pytest.raises(StageError) as ei:
        clean(_raw("  \n\n "))
    assert ei.value.code == "E110"


def test_clean_lang() -> None:
    assert detect_lang("The army said on Thursday it had retaken the crossing.") == "en"
    assert detect_lang("قال الجيش يوم الخميس إنه استعاد المعبر الحدودي الرئيسي") == "ar"
    assert (
        detect_lang("Le gouvernement a annoncé jeudi la fin des combats dans la région.") == "other"
    )
    assert detect_lang("Home") == "und"
    assert detect_lang("12,345") == "und"


def test_clean_outlet_from_url() -> None:
    assert outlet_from_url("https://www.reuters.com/world/x") == "Reuters"  # data/clean/outlets.tsv
    assert outlet_from_url("https://edition.cnn.com/x") == "CNN"
    assert outlet_from_url("https://www.example.org/x") == "example.org"
    assert outlet_from_url(None) is None
    assert outlet_from_url("http://[bad") is None
