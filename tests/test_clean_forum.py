"""Forum threads without post delimiters: poster remarks, quoted reposts, replies, later reposts.

Fixtures are invented threads in tests/fixtures/clean/ (thread_nodelim*.txt, article_quote.txt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.clean import clean
from claimgraph.clean.text import remark_score, segment_text
from claimgraph.model import RawDocument

FIX = Path(__file__).parent / "fixtures" / "clean"


def _kinds(name: str) -> list[tuple[str, str, str | None]]:
    text = (FIX / name).read_text(encoding="utf-8")
    return [(ln.kind, ln.text, ln.author) for ln in segment_text(text)]


def _kind_of(kinds: list[tuple[str, str, str | None]], prefix: str) -> str:
    hits = [k for k, t, _ in kinds if t.startswith(prefix)]
    assert len(hits) == 1, prefix
    return hits[0]


@pytest.fixture(scope="module")
def t1() -> list[tuple[str, str, str | None]]:
    return _kinds("thread_nodelim.txt")


def test_forum_user_box_is_chrome(t1) -> None:  # type: ignore[no-untyped-def]
    for p in ("rivermoth", "Senior Member", "Feb 2, 2010", "5,120", "731"):
        assert _kind_of(t1, p) == "boilerplate", p


def test_forum_poster_remark_is_comment_by_member(t1) -> None:  # type: ignore[no-untyped-def]
    rows = [(k, a) for k, t, a in t1 if t.startswith("Sources close to the rebels")]
    assert rows == [("comment", "rivermoth")]


def test_forum_quoted_repost_is_body(t1) -> None:  # type: ignore[no-untyped-def]
    for p in (
        '"The commander of the Example Brigade',
        "His trip followed",
        "According to the sources",
        "A spokesman for the brigade",
    ):
        assert _kind_of(t1, p) == "body", p


def test_forum_link_card_and_reply(t1) -> None:  # type: ignore[no-untyped-def]
    card = [k for k, t, _ in t1 if t == "Militia chief said to visit foreign capital"]
    assert card == ["boilerplate"]
    assert _kind_of(t1, "Well there ya go") == "comment"


def test_forum_headline_dateline_repost_is_body(t1) -> None:  # type: ignore[no-untyped-def]
    for p in (
        "Rebels Name New Commander",
        "March 3, 2016 - Rebel groups",
        "The brigade said the new",
        "The governor said the road",
    ):
        assert _kind_of(t1, p) == "body", p
    assert _kind_of(t1, "'Hard times ahead'") in ("body", "boilerplate")


def test_forum_curly_quotes_questions_and_agency_dateline() -> None:
    k = _kinds("thread_nodelim2.txt")
    assert _kind_of(k, "\u201cSoldiers entered") == "body"
    assert _kind_of(k, "The source said several") == "body"
    assert _kind_of(k, "Do you really think") == "comment"
    assert _kind_of(k, "Good riddance to them all!") == "comment"
    assert _kind_of(k, "NORTHTOWN (Wirewire)") == "body"
    assert _kind_of(k, "The army said its engineers") == "body"


def test_forum_reporting_line_in_gap_stays_body() -> None:
    text = (
        "Town falls to rebels after long siege\n\nposter_one\n\nMember\nJan 5, 2013\n1,002\n40\n"
        '"Rebels took the town of Exampleburg on Friday, a commander said.\n\n'
        'The commander said the army had withdrawn overnight."\n\n'
        "The local council said on Saturday that more than forty civilians had been killed in the "
        "fighting and that hundreds of families had fled to nearby villages over the past week.\n"
    )
    k = [(ln.kind, ln.text) for ln in segment_text(text)]
    assert [kd for kd, t in k if t.startswith("The local council")] == ["body"]


def test_forum_no_quoted_block_changes_nothing() -> None:
    text = (
        "Town falls to rebels after long siege\n\nposter_one\n\nMember\nJan 5, 2013\n1,002\n40\n"
        "Rebels took the town of Exampleburg on Friday, a commander said.\n\n"
        "Short line with no source\n\n"
        "The commander said the army had withdrawn overnight.\n"
    )
    assert all(ln.kind != "comment" for ln in segment_text(text))


def test_forum_plain_article_with_open_quote_unchanged() -> None:
    k = _kinds("article_quote.txt")
    assert all(kd != "comment" for kd, _, _ in k)
    assert _kind_of(k, "Short line here for you") == "body"
    assert _kind_of(k, '"We will not give up') == "body"


def test_forum_clean_document_segments() -> None:
    text = (FIX / "thread_nodelim.txt").read_text(encoding="utf-8")
    doc = clean(RawDocument(id="f", uri="mem://f", media_type="text/plain", text=text))
    comments = [
        (doc.text[s.start : s.end], s.author) for s in doc.segments if s.kind.value == "comment"
    ]
    assert len(comments) == 2 and comments[0][1] == "rivermoth"
    body = " ".join(doc.text[s.start : s.end] for s in doc.segments if s.kind.value == "body")
    assert "ya" not in body.split() and "March 3, 2016" in body
    assert doc.published is not None and doc.published.value == "2016-03-03"


@pytest.mark.parametrize(
    "line,positive",
    [
        ("Like catchin' smoke, ya never get hold of it", True),
        ("I told you so!", True),
        ("Who could have seen that coming?", True),
        ("The army said it had retaken the town on Tuesday.", False),
        ('"We will fight on," the commander said.', False),
    ],
)
def test_forum_remark_score(line: str, positive: bool) -> None:
    assert (remark_score(line) >= 1) is positive


def test_forum_remark_before_byline_without_quotes() -> None:
    text = (
        "Town falls to rebels after long siege\n\nposter_one\n\nMember\nJan 5, 2013\n1,002\n40\n"
        "Can anyone confirm this? Looks bad for them!\n\n"
        "Rebels took the town on Friday after a long siege.\n\n"
        "By Ann Writer\n\n"
        "EXAMPLEBURG (Wirewire) - Rebels took the town of Exampleburg on Friday, a commander said.\n"
    )
    k = [(ln.kind, ln.text, ln.author) for ln in segment_text(text)]
    assert _kind_of(k, "Can anyone confirm") == "comment"
    assert [a for _, t, a in k if t.startswith("Can anyone")] == ["poster_one"]
    assert _kind_of(k, "Rebels took the town on Friday") == "body"  # no remark cue: kept
    assert _kind_of(k, "EXAMPLEBURG (Wirewire)") == "body"
