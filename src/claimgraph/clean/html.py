"""HTML main text through trafilatura, laid out as a labelled text.

In: HTML source (str) and the page URL if known.
Out: `HtmlExtract`: the text we build (title, byline, main text lines, comments), the segments'
(start, end, kind, author) in that text, and the metadata trafilatura/htmldate found
(date, sitename, author).

The text is built from trafilatura's extraction with comments kept separately, so that replies
never land in `body`. Each main-text line then goes through the same chrome patterns as plain text
(`text._is_chrome`), which catches share bars and newsletter boxes trafilatura leaves in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimgraph.clean.text import _is_chrome, normalize

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


def _bare(html: str, url: str | None) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=True,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    out = HtmlExtract()
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        out.truncated = True
    res = _bare(html, url)
    if res is None:
        return out
    get = (lambda k: getattr(res, k, None)) if not isinstance(res, dict) else res.get
    out.title = (get("title") or None) and str(get("title")).strip() or None
    out.date = get("date") or None
    out.sitename = get("sitename") or None
    out.author = get("author") or None
    body = str(get("text") or "")
    comments = str(get("comments") or "")

    parts: list[str] = []
    pos = 0

    def add(s: str, kind: str, author: str | None = None) -> None:
        nonlocal pos
        s = s.strip()
        if not s:
            return
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(s)
        out.spans.append((pos, pos + len(s), kind, author))
        pos += len(s)

    if out.title:
        add(out.title, "title")
    if out.author:
        add(f"By {out.author}", "byline")
    title_norm = normalize(out.title) if out.title else None
    for line in body.split("\n"):
        line = line.strip()
        if not line:
            continue
        if title_norm and normalize(line) == title_norm:
            add(line, "boilerplate")  # the headline repeated in the main text
        elif _is_chrome(line):
            add(line, "boilerplate")
        else:
            add(line, "body")
    for line in comments.split("\n"):
        if line.strip():
            add(line, "comment")
    out.text = "".join(parts)
    return out
