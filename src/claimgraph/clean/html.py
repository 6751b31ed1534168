"""HTML main text through trafilatura, laid out as a labelled text.

In: HTML source (str) and the page URL if known.
Out: `HtmlExtract`: the text we build (title, byline, main text lines, comments), the segments'
(start, end, kind, author) in that text, and the metadata trafilatura/htmldate found
(date, sitename, author). A page whose body gives trafilatura nothing (all its text in `<head>`:
a title, `dc:created`, `article:published_time`) still yields its title and date, read from the
head by `_head_metadata`, so the clean stage can keep the document instead of losing its date.

The text is built from trafilatura's extraction with comments kept separately, so that replies
never land in `body`. Each main-text line then goes through the same chrome patterns as plain text
(`text._is_chrome`), which catches share bars and newsletter boxes trafilatura leaves in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimgraph.clean.text import _RELATED_HEADER, _SENT_END, _WORD, _is_chrome, normalize

__all__ = ["HtmlExtract", "extract_html", "MAX_HTML_CHARS"]

#: pages larger than this are cut before parsing (trafilatura time grows with the DOM)
MAX_HTML_CHARS = 5_000_000


@dataclass
class HtmlExtract:
    text: str = ""
    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    author: str | None = None
    truncated: bool = False


def _bare(html: str, url: str | None, comments: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=not comments,
        include_comments=comments,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )


def _get(res: Any, key: str) -> Any:
    return res.get(key) if isinstance(res, dict) else getattr(res, key, None)


def _head_metadata(html: str, url: str | None, out: HtmlExtract) -> None:
    """Title, date and site name from the page's metadata alone (trafilatura's metadata reader
    and htmldate: `dc:created`, `article:published_time`, JSON-LD, a date in the `<title>` or the
    URL), for pages whose body has no text."""
    from trafilatura.metadata import extract_metadata

    try:
        meta = extract_metadata(html, default_url=url)
    except Exception:  # noqa: BLE001 - a broken head only means no metadata
        return
    if meta is None:
        return
    title = str(meta.title or "").strip()
    out.title = title or out.title
    out.date = meta.date or out.date
    out.sitename = meta.sitename or out.sitename


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """The page's labelled text and metadata (the module's docstring says what is in them)."""
    out = HtmlExtract()
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        out.truncated = True
    # two passes: with comment extraction on, trafilatura also prunes the main text around the
    # comment area (and loses recipe lists, teasers...), so the main text comes from a pass
    # without it, the comments from a pass with it
    res = _bare(html, url, comments=False)
    if res is None or not str(_get(res, "text") or "").strip():
        _head_metadata(html, url, out)
        if res is None:
            return out
    res_c = _bare(html, url, comments=True)
    comments = str(getattr(res_c, "comments", None) or "") if res_c is not None else ""
    _take_metadata(res, out)
    body = str(_get(res, "text") or "")
    layout = _Layout(out)
    if out.title:
        layout.add(out.title, "title")
    if out.author:
        layout.add(f"By {out.author}", "byline")
    _add_main_text(layout, body, out.title)
    body_lines = {normalize(ln) for ln in body.split("\n") if ln.strip()}
    for line in comments.split("\n"):
        if line.strip() and normalize(line) not in body_lines:
            layout.add(line, "comment")
    out.text = "".join(layout.parts)
    return out


def _take_metadata(res: Any, out: HtmlExtract) -> None:
    """Title, date and site name from trafilatura's result where it has them (else what the
    head gave), and its author."""
    get = lambda k: _get(res, k)  # noqa: E731
    out.title = (get("title") or None) and str(get("title")).strip() or out.title
    out.date = get("date") or out.date
    out.sitename = get("sitename") or out.sitename
    out.author = get("author") or None


class _Layout:
    """The text being built: stripped pieces joined by blank lines, each piece's (start, end,
    kind, author) appended to `out.spans`."""

    def __init__(self, out: HtmlExtract) -> None:
        self.out = out
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str, kind: str, author: str | None = None) -> None:
        s = s.strip()
        if not s:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.pos += 2
        self.parts.append(s)
        self.out.spans.append((self.pos, self.pos + len(s), kind, author))
        self.pos += len(s)


def _add_main_text(layout: _Layout, body: str, title: str | None) -> None:
    """Each line of the main text, labelled: the headline repeated (title), chrome and a
    "related" header (boilerplate), teaser headlines after that header (related), or body."""
    title_norm = normalize(title) if title else None
    related_zone = False
    for line in body.split("\n"):
        line = line.strip()
        if not line:
            continue
        if title_norm and normalize(line) == title_norm:
            layout.add(line, "title")  # the headline repeated at the top of the main text
        elif len(line) <= 300 and _RELATED_HEADER.match(line):
            layout.add(line, "boilerplate")
            related_zone = True
        elif _is_chrome(line):
            layout.add(line, "boilerplate")
        elif related_zone and len(_WORD.findall(line)) <= 25 and not _SENT_END.search(line):
            layout.add(line, "related")  # teaser headlines after "You may also like..."
        else:
            related_zone = False
            layout.add(line, "body")
