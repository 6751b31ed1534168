"""The clean stage: RawDocument -> Document with labelled segments, languages, date and outlet.

In: `RawDocument` (text/plain: the decoded file or JSONL text; text/html: the HTML source).
Out: `Document` with `text` (plain text: the raw text itself, so offsets point into the file;
HTML: title + byline + main text + comments built from trafilatura's extraction), `segments`
covering every content line (kind + lang, author/time for comments and quotes), `published`
(a container's publication field first (JSONL `published`), then HTML metadata, then a date
placed like a publication date in the text, and only then a WARC capture date; a dateline
without a year takes its year from a coarser metadata date, the URL or the capture date when they
give one, else stays `--MM-DD`) and `outlet` (a wire/copyright credit stated in the text, else the URL host).

Cascade:
  1. empty or binary-looking input -> StageError E110/E111 (a DocError row, never a crash)
  2. text/html -> `html.extract_html` (trafilatura); text/plain -> `text.segment_text`
  3. language per segment (`lang.detect_lang`)
  4. publication date (`dates`), outlet
Extra data lands in `doc.meta["clean"]` (`model.CleanSideData`): outlet_host, outlet_text,
sitename, truncated, pubdate_year_from.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from claimgraph.clean import dates as _dates
from claimgraph.clean.html import extract_html
from claimgraph.clean.lang import detect_lang, script_lang
from claimgraph.clean.text import MAX_PATTERN_LINE, Line, segment_text
from claimgraph.errors import Code
from claimgraph.model import (
    CleanSideData,
    Document,
    PubDate,
    RawDocument,
    Segment,
    SegmentKind,
    Span,
)
from claimgraph.resources import data_path
from claimgraph.stage import StageError

__all__ = ["clean", "CleanStage", "outlet_from_text", "outlet_from_url"]

_BOILER = SegmentKind.boilerplate

_DATELINE_OUTLET = re.compile(
    r"^[A-Z][A-Za-z .,'/-]{1,60}\((?P<o>[A-Z][A-Za-z.&' -]{1,30})\)\s*[-–—:]"
)
_COPYRIGHT_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:copyright\s*)?(?:(?:19|20)\d\d\s*)?"
    r"(?P<o>[A-Z][A-Za-z.&' -]{1,40}?)\s*(?:(?:19|20)\d\d|[.,]|$)",
    re.I,
)
_PLACE_OUTLET = re.compile(r"^[\w' ]{2,40}\s[-–—]\s(?P<o>[A-Z]{2,12})$")
_BAD_OUTLET = re.compile(r"^(all|the|copyright|by|and|reserved|photo)\b", re.I)


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host[4:] if host.startswith("www.") else host
    known = _known_outlets()
    # "edition.cnn.com", "m.dawn.com": the longest listed suffix names the outlet
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = known.get(".".join(parts[i:]))
        if name:
            return name
    return host


@functools.cache
def _known_outlets() -> dict[str, str]:
    out = {}
    for line in data_path("clean", "outlets.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            host, name = line.split("\t", 1)
            out[host.strip().lower()] = name.strip()
    return out


def outlet_from_text(text: str, lines: list[tuple[int, int]]) -> str | None:
    """A wire or copyright credit stated in the text: "BEIRUT (Reuters) -", "© Copyright Reuters"."""
    n = len(lines)
    idx = list(range(min(n, 60))) + list(range(max(60, n - 60), n))
    for pat in (_DATELINE_OUTLET, _COPYRIGHT_OUTLET, _PLACE_OUTLET):
        for i in idx:
            s, e = lines[i]
            seg = text[s : min(e, s + MAX_PATTERN_LINE)]
            m = pat.search(seg) if pat is _COPYRIGHT_OUTLET else pat.match(seg)
            if m:
                o = m.group("o").strip(" .,-")
                if 2 <= len(o) <= 40 and not _BAD_OUTLET.match(o):
                    return o
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch == "\x00" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    return bad / len(sample) > 0.1


def _segments_from_lines(text: str, lines: list[Line]) -> list[Segment]:
    segs: list[Segment] = []
    for ln in lines:
        sample = text[ln.start : min(ln.end, ln.start + 1000)]
        # chrome needs no fastText call: its script is enough (Arabic related lines stay "ar")
        lang = script_lang(sample) if ln.kind == "boilerplate" else detect_lang(sample)
        if ln.kind == "boilerplate" and segs and segs[-1].kind is _BOILER and segs[-1].lang == lang:
            segs[-1].end = ln.end  # a run of chrome lines is one segment
            continue
        segs.append(
            Segment.model_construct(
                kind=SegmentKind(ln.kind),
                start=ln.start,
                end=ln.end,
                lang=lang,
                author=ln.author,
                time=ln.time,
            )
        )
    return segs


def _clean_plain(
    raw: RawDocument, meta: CleanSideData
) -> tuple[str, list[Segment], str | None, list[Line]]:
    text = raw.text
    lines = segment_text(text, title_hint=raw.title)
    segs = _segments_from_lines(text, lines)
    title = raw.title
    if title is None:
        t = next((ln for ln in lines if ln.kind == "title"), None)
        title = text[t.start : t.end] if t else None
    return text, segs, title, lines


def clean(raw: RawDocument) -> Document:
    """Clean one raw document (see module docstring). Raises only `StageError`."""
    if raw.text is None or not raw.text.strip():
        raise StageError(Code.EMPTY_DOCUMENT, "empty document")
    if _looks_binary(raw.text):
        raise StageError(Code.BINARY_CONTENT, "binary content, not text")
    meta: CleanSideData = {}
    html_date: str | None = None
    html_site: str | None = None
    if raw.media_type == "text/html":
        text, segs, title, html_date, html_site = _clean_html(raw, meta)
        line_spans = [(s.start, s.end) for s in segs]
        kinds = [s.kind.value for s in segs]
    else:
        text, segs, title, lines = _clean_plain(raw, meta)
        # date and outlet rules look at single lines, not at merged chrome segments
        line_spans = [(ln.start, ln.end) for ln in lines]
        kinds = [ln.kind for ln in lines]
    published = _publication_date(raw, text, line_spans, kinds, html_date, meta)

    outlet_text = outlet_from_text(text, line_spans)
    outlet_host = outlet_from_url(raw.url)
    meta["outlet_text"] = outlet_text
    meta["outlet_host"] = outlet_host
    if html_site:
        meta["sitename"] = html_site
    return Document(
        id=raw.id,
        uri=raw.uri,
        media_type=raw.media_type,
        url=raw.url,
        title=title,
        outlet=outlet_text or outlet_host or html_site,
        text=text,
        segments=segs,
        published=published,
        meta={"clean": meta},
    )


def _clean_html(
    raw: RawDocument, meta: CleanSideData
) -> tuple[str, list[Segment], str | None, str | None, str | None]:
    """An HTML page's text, segments and title, and the date and site name its metadata gives."""
    try:
        ext = extract_html(raw.text, raw.url)
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura failures become a DocError
        raise StageError(
            Code.HTML_FAILED, f"HTML extraction failed: {type(exc).__name__}: {exc}"
        ) from exc
    dated = _dates.pubdate_from_string(ext.date, "html-meta")
    if not ext.text.strip() and ext.title and dated is not None:
        # all its text in <head>: a dated title is still a document (a headline with a date)
        ext.text, ext.spans = ext.title, [(0, len(ext.title), "title", None)]
    if not ext.text.strip():
        # not a silent loss: the error row keeps the date the page's metadata gives
        when = f" (its metadata dates it {_dates.iso_or_partial(dated)})" if dated else ""
        raise StageError(Code.NO_HTML_TEXT, "no text extracted from HTML" + when)
    text = ext.text
    segs = [
        Segment(
            kind=SegmentKind(k),
            start=s,
            end=e,
            lang=detect_lang(text[s : min(e, s + 1000)]),
            author=a,
        )
        for s, e, k, a in ext.spans
    ]
    title = raw.title or ext.title
    meta["truncated"] = ext.truncated
    return text, segs, title, ext.date, ext.sitename


def _publication_date(
    raw: RawDocument,
    text: str,
    line_spans: list[tuple[int, int]],
    kinds: list[str],
    html_date: str | None,
    meta: CleanSideData,
) -> PubDate | None:
    """The container's date, else the page metadata's, else a dated line of the text (its year
    completed from the metadata, URL or capture), else the capture date."""
    published: PubDate | None = _dates.pubdate_from_string(raw.published, "container")
    if published is None and raw.media_type == "text/html" and html_date:
        # page metadata (htmldate: JSON-LD, meta tags, URL, then the page) beats our line rules
        published = _dates.pubdate_from_string(html_date, "html-meta")
    if published is None or published.granularity != "day":
        # metadata that gives only a year or month: a dated line in the text may give the day
        in_text = _dates.infer_pubdate(text, line_spans, kinds)
        if in_text is not None and not in_text.year_known:
            hints = [("container", raw.published), ("container", html_date), ("url", raw.url),
                     ("capture", str(raw.hints.get("captured") or ""))]  # fmt: skip
            in_text, year_from = _dates.complete_year(in_text, hints)
            if year_from:
                meta["pubdate_year_from"] = year_from
        if published is None or (
            in_text is not None
            and in_text.year_known
            and in_text.value.startswith(
                published.value[: {"month": 7}.get(published.granularity, 4)]
            )
        ):
            published = in_text  # fmt: skip
    if published is None and raw.hints.get("captured"):
        published = _dates.pubdate_from_string(str(raw.hints["captured"]), "capture")
    if published is not None and published.evidence is None and published.source == "html-meta":
        _attach_evidence(text, published)
    return published


def _attach_evidence(text: str, pub: PubDate) -> None:
    """Point a metadata date at the same date written in the text, when it is there."""
    head = text[:20000]
    for dm in _dates.find_dates(head):
        if dm.year and dm.day and dm.iso() == pub.value:
            pub.evidence = Span(start=dm.start, end=dm.end, text=head[dm.start : dm.end])
            return


class CleanStage:
    """Pipeline adapter for documents that already hold a RawDocument in meta (rarely needed)."""

    name = "clean"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("text", "segments", "published", "outlet")

    def __call__(self, doc: Document) -> Document:
        if doc.segments:
            return doc
        raw = RawDocument(
            id=doc.id,
            uri=doc.uri,
            media_type=doc.media_type,
            text=doc.text,
            url=doc.url,
            title=doc.title,
        )
        return clean(raw)
