"""Plain-text segmenter: label every content line of a captured page.

In: the decoded text of a page (a web capture saved as text, a forum thread, a JSONL record).
Out: `Line`s (stripped offsets into that same text) with a kind (title, byline, body, caption,
comment, quote, related, boilerplate) and, for comments and quotes, author and time.

No library cleans plain text, so this is a small rule cascade over line features, run in order:

1. line features: generic chrome patterns ("Link to comment", "Sign up for", "Previous article",
   image file names, number-only lines, "Edited by"), quote headers ("28 minutes ago, X said:"),
   related-headline headers ("See also:", "Related Posts", "الاخبار المتعلقة"), bylines, credits;
2. thread structure: post delimiters ("Link to comment", "Share on other sites", "Quote",
   "Reply") split the text into posts; the first post (the reposted article) is the article,
   later posts are comments;
3. repetition: a line repeating an earlier one is a quote inside a reply (after an "X said:"
   header) or a duplicate (boilerplate) elsewhere; the author of a quoted post is propagated
   back to the post it repeats;
4. shape: very short lines, lines without sentence punctuation and few stop words are chrome;
   the line after an image file name is a caption; headline-like lines after a related header
   are `related`;
5. threads without delimiter lines (a user box of name, rank, join date and post counts under
   the title): the poster's own lines before a reposted article in quote marks are a `comment`
   by the member; after that quoted article, remark-like lines (colloquial spelling, first or
   second person outside quotes, exclamations, questions, short lines citing no source) are
   `comment`s until a headline + dateline ("December 26, 2015 - ...") opens the next reposted
   article (`body`); a line echoing the thread title there is a link card (`boilerplate`).
   Without a quoted repost, remark-like lines between the user box and a byline or dateline
   are the poster's `comment`. With delimiters, this runs on the first post only.

All regex work runs on lines capped at `MAX_PATTERN_LINE` characters, so a 10 MB single-line
file costs one pass; lines over `GIANT_LINE` characters are cut at whitespace into pieces so that
later stages get segments of a workable size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimgraph.text import COPYRIGHT_MARK

__all__ = ["Line", "split_lines", "segment_text", "normalize"]

MAX_PATTERN_LINE = 300  # chrome patterns only apply to lines up to this length
GIANT_LINE = 50_000  # longer lines are cut into pieces of about this size
CAPTION_MAX = 300  # a caption is a sentence or two; longer text after an image is body
SHORT_WORDS = 3  # a line of at most this many words with no sentence end is chrome

_STOP = frozenset(
    """a an the of to in on at for from by with and or but is are was were be been has have had it
    its this that these those as not no he she they we you i his her their our who which what when
    where will would can could said says after before over into than then there also about more
    de la le et les des du un une der die das und den ein eine el los las y en que""".split()
)

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")

_CHROME_EXACT = re.compile(
    r"^(link to comment|share on other sites|share this( (post|article|story))?|share|tweet|email|"
    r"print|reply|quote|report( post)?|like|likes|permalink|top|back|home|menu|search|next|previous|"
    r"more|read more|continue reading|advertisement|sponsored( content)?|loading\W*|"
    r"jump to content|skip to (main )?content|recommended posts|forum list|log ?in|log ?out|"
    r"sign ?in|sign ?up|sign in now|register|subscribe|comments?|×|x|create new\W*|"
    r"posted|members?|guests?|followers?|[\W_]+)\W*$",
    re.I,
)
_CHROME_PREFIX = re.compile(
    r"^(sign up for|sign in to|subscribe to|create an account|register a new account|"
    r"already have an account|you need to be a member|you must be (logged|a member)|log in to|"
    r"follow us|share on|click here|recently browsing|no registered users|add your comment|"
    r"leave a (comment|reply)|post a comment|\d+ comments?\b|comments? \(\d+\)|"
    r"tags?:|categories:|filed under|posted in|terms of (use|service)|privacy policy|"
    r"edited by\b|this (post|topic) (has been|was) edited|we use cookies|accept cookies|"
    r"download (the|our) app|get the app|listen to this|watch:|image:|photo:|source:|"
    r"all rights reserved|read more:|popular on\b|also:)",
    re.I,
)
_CHROME_ANYWHERE = re.compile(
    r"(newsletter|straight to your inbox|all rights reserved|\bcookies?\b|"
    r"\bsign (in|up)\b|\bcreate an account\b|\bregistered users\b)",
    re.I,
)
_CONTACT = re.compile(
    r"(\bfollow (us|him|her|me|them) on\b|\bmay be reached at\b|\breach the (reporter|writer|author)s?\b|"
    r"contributed to this report|\bhave a (news )?tip\b|\bcan be reached at\b)",
    re.I,
)
_URL = re.compile(r"^[\w ]{1,20}:\s*(https?://|www\.)\S+$")  # "Listen: http://..."
_DATE_CUE = re.compile(
    r"(published|updated|posted|last modified|\bby\b|\b[ap]\.?m\.?\b|\d:\d\d|입력|نشر)", re.I
)
_HAS_DATE = re.compile(
    r"(\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4}|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})",
    re.I,
)
_IMAGE = re.compile(r"^\S{0,200}\.(jpe?g|png|gif|webp|svg|bmp)(\?\S*)?$", re.I)
_NUMBER = re.compile(r"^[\d.,:%+\s]+$")
_COPYRIGHT = re.compile(r"^\W{0,4}" + COPYRIGHT_MARK, re.I)
_DATE_ONLY = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}|"
    r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})\W*$",
    re.I,
)
_POST_DELIM = re.compile(
    r"^(link to comment|share on other sites|report post|quote|reply|permalink|"
    r"multiquote|#\d+)\W*$",
    re.I,
)
_QUOTE_HEADER = re.compile(
    r"^(?:(?:on\s+)?(?P<time>[^,]{1,50}?(?:ago|\d{4}|[ap]\.?m\.?|yesterday|today)),\s*)?"
    r"(?P<author>\S[^\n]{0,60}?)\s+(?:said|wrote|says|posted):\s*$"
    r"|^(?:quote|originally posted by|quote from)[: ]+(?P<author2>\S[^\n]{0,60}?)\s*$",
    re.I,
)
_RELATED_HEADER = re.compile(
    r"^(related( posts?| articles?| stories| news| content| coverage| links)?|see also|"
    r"more from\b.*|read (more|also)|you (may|might) also like|recommended( for you)?|"
    r"more stories|most (read|popular|viewed)|trending( now)?|"
    r"الأخبار المتعلقة|الاخبار المتعلقة|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|مواضيع ذات صلة|"
    r"أخبار ذات صلة|اخبار ذات صلة|popular on\b.*)\s*[:.…]*$",
    re.I,
)
_PREV_NEXT = re.compile(
    r"^(previous|next|prev|older|newer) (article|post|story|entry|topic)\W*"
    r"|^(الخبر السابق|الخبر التالي|المقال السابق|المقال التالي|السابق|التالي)\s*$",
    re.I,
)
_BYLINE = re.compile(
    r"^([Bb][Yy]:?\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]+"
    r"(?:\s+[A-Z][\w.'-]+){0,3})*\s*$|\(?(reporting|writing|additional reporting|editing) by\b|"
    r"(تحرير|إعداد|اعداد|بقلم|كتبه|كتب)\s)",
)
_CREDIT = re.compile(
    r"(REUTERS/|\bAP Photo\b|\bAFP PHOTO\b|Getty Images|\(Photo[: ]|Photo credit|"
    r"\bphoto by\b|/ ?AFP\b|\bvia Getty\b)",
    re.I,
)
_OUTLET_LINE = re.compile(
    r"\b(News|Times|Network|Agency|Press|Herald|Gazette|Tribune|Post|TV|Radio|Media)$"
)
_SENT_END = re.compile(r"[.!?؟…\"'”’)\]]$")


@dataclass
class Line:
    start: int
    end: int
    text: str  # stripped; capped at MAX_PATTERN_LINE * 4 for giant lines
    kind: str = "body"
    author: str | None = None
    time: str | None = None
    post: int = 0

    @property
    def n_words(self) -> int:
        return len(_WORD.findall(self.text[:2000]))


def normalize(s: str) -> str:
    return _WS.sub(" ", s[:2000]).strip().lower()


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of `text` as stripped (start, end) spans; giant lines cut at whitespace."""
    out: list[Line] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        s, e = pos, nl
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e:
            if e - s <= GIANT_LINE:
                out.append(Line(s, e, text[s:e]))
                break
            cut = text.rfind(" ", s + GIANT_LINE // 2, s + GIANT_LINE)
            if cut <= s:
                cut = s + GIANT_LINE
            piece_end = cut
            while piece_end > s and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append(Line(s, piece_end, text[s : min(piece_end, s + 4 * MAX_PATTERN_LINE)]))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        pos = nl + 1
    return out


def _stop_ratio(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in _STOP) / len(words)


def _is_chrome(t: str) -> bool:
    if len(t) > MAX_PATTERN_LINE:
        return False
    if _CHROME_EXACT.match(t) or _CHROME_PREFIX.match(t) or _IMAGE.match(t) or _NUMBER.match(t):
        return True
    if _DATE_ONLY.match(t):
        return True
    words = _WORD.findall(t)
    nw = len(words)
    if nw <= 25 and _CHROME_ANYWHERE.search(t):
        return True
    if nw <= 20 and _COPYRIGHT.match(t):
        return True
    if nw <= 40 and _CONTACT.search(t):
        return True
    if nw <= 8 and _URL.match(t):
        return True
    if nw <= 12 and not _SENT_END.search(t) and _DATE_CUE.search(t) and _HAS_DATE.search(t):
        return True  # "- Published 18 November 2019", "5:45 AM PST 11/19/2019 by A. Writer"
    return False


@dataclass
class _Scan:
    """The running context of `segment_text`'s pass over the lines (steps 1, 3 and 4)."""

    lines: list[Line]
    is_thread: bool
    title_norm: str | None  # the container's title, normalised
    seen: dict[str, int] = field(default_factory=dict)  # normalized line -> first index
    title_done: bool = False
    after_image: bool = False
    related_zone: bool = False
    prev_next_pending: bool = False
    quote_author: str | None = None
    quote_time: str | None = None
    current_post: int = -1


def segment_text(text: str, title_hint: str | None = None) -> list[Line]:
    """Split `text` into lines and label each (see module docstring)."""
    lines = split_lines(text)
    if not lines:
        return lines
    is_thread = _mark_posts(lines)
    scan = _Scan(lines, is_thread, normalize(title_hint) if title_hint else None)
    for i, ln in enumerate(lines):
        _label(scan, i, ln)
    # with delimiters, later posts are comments already: only the first post needs step 5
    _first_post_thread(lines if not is_thread else [ln for ln in lines if ln.post == 0])
    return lines


def _mark_posts(lines: list[Line]) -> bool:
    """Step 2, thread structure: posts separated by delimiter lines. Numbers each line's post,
    labels the delimiters boilerplate; True when there is at least one delimiter."""
    post = 0
    delim_before = False
    n_delims = 0
    for ln in lines:
        short = len(ln.text) <= MAX_PATTERN_LINE
        if short and _POST_DELIM.match(ln.text):
            ln.kind = "boilerplate"
            ln.post = post
            delim_before = True
            n_delims += 1
            continue
        if delim_before:
            post += 1
            delim_before = False
        ln.post = post
    return n_delims >= 1


def _label(s: _Scan, i: int, ln: Line) -> None:
    """Steps 1, 3 and 4 for one line, with the running context of the lines before it."""
    t = ln.text
    short = len(t) <= MAX_PATTERN_LINE
    norm = normalize(t) if short or len(t) < 5000 else None
    if ln.post != s.current_post:
        s.current_post = ln.post
        s.quote_author = s.quote_time = None
        s.related_zone = False
    if ln.kind == "boilerplate":  # a post delimiter
        s.after_image = False
        return
    first_idx = s.seen.get(norm) if norm else None
    if norm and first_idx is None:
        s.seen[norm] = i
    words = _WORD.findall(t[:2000])
    nw = len(words)
    if (
        _title(s, ln, norm, short, nw)
        or _quote_header(s, ln, short)
        or _repeated(s, ln, first_idx, nw)
        or _chrome(s, ln, short, nw)
    ):
        return
    _prose(s, ln, short, words)


def _title(s: _Scan, ln: Line, norm: str | None, short: bool, nw: int) -> bool:
    """The container's title, else the first line that reads like a headline."""
    if s.title_done:
        return False
    t = ln.text
    if s.title_norm is not None:
        if norm != s.title_norm:
            return False
    elif not (short and not _is_chrome(t) and 3 <= nw <= 30 and not t.endswith(":")):
        return False
    ln.kind = "title"
    s.title_done = True
    return True


def _quote_header(s: _Scan, ln: Line, short: bool) -> bool:
    """A quote header ("X wrote:") in a later post: remembered for the quoted lines after it."""
    if not (s.is_thread and ln.post > 0 and short):
        return False
    m = _QUOTE_HEADER.match(ln.text)
    if not m:
        return False
    ln.kind = "boilerplate"
    s.quote_author = (m.group("author") or m.group("author2") or "").strip() or None
    s.quote_time = (m.group("time") or "").strip() or None
    return True


def _repeated(s: _Scan, ln: Line, first_idx: int | None, nw: int) -> bool:
    """A line seen before: a quote of an earlier post in a thread, else repeated chrome."""
    if first_idx is None:
        return False
    first = s.lines[first_idx]
    if s.is_thread and ln.post > 0 and nw >= 4 and first.post < ln.post:
        ln.kind = "quote"
        ln.author, ln.time = s.quote_author, s.quote_time
        if s.quote_author and first.kind == "comment" and first.author is None:
            for other in s.lines:
                if other.post == first.post and other.kind == "comment":
                    other.author = s.quote_author
                    other.time = other.time or s.quote_time
        return True
    ln.kind = "boilerplate"
    return True


def _chrome(s: _Scan, ln: Line, short: bool, nw: int) -> bool:
    """Page furniture by pattern: previous/next links, related headers, images, copyright,
    bylines, menus."""
    t = ln.text
    if _PREV_NEXT.match(t[:MAX_PATTERN_LINE]):
        # "Previous articleSome headline": the headline glued on is a related teaser
        rest = _PREV_NEXT.sub("", t[:MAX_PATTERN_LINE], count=1).strip()
        ln.kind = "related" if len(_WORD.findall(rest)) >= 3 else "boilerplate"
        s.prev_next_pending = ln.kind == "boilerplate"
        s.after_image = False
        return True
    if short and _RELATED_HEADER.match(t):
        ln.kind = "boilerplate"
        s.related_zone = True
        s.after_image = False
        return True
    if short and _IMAGE.match(t):
        ln.kind = "boilerplate"
        s.after_image = True
        return True
    if short and _COPYRIGHT.match(t):
        ln.kind = "boilerplate"
        return True
    if short and _BYLINE.match(t) and nw <= 40:
        ln.kind = "byline"
        return True
    if _is_chrome(t):
        ln.kind = "boilerplate"
        s.after_image = False
        return True
    return False


def _prose(s: _Scan, ln: Line, short: bool, words: list[str]) -> None:
    """A line no pattern claimed: caption, related teaser, short chrome, credit, menu or text."""
    t = ln.text
    nw = len(words)
    ends_sentence = bool(_SENT_END.search(t))
    if (s.after_image or (short and _CREDIT.search(t))) and nw >= 3 and len(t) <= CAPTION_MAX:
        ln.kind = "caption"
        s.after_image = False
        return
    s.after_image = False
    if s.prev_next_pending and nw >= 3 and not ends_sentence:
        ln.kind = "related"
        s.prev_next_pending = False
        return
    s.prev_next_pending = False
    if s.related_zone:
        if nw <= 25 and not (ends_sentence and nw > 12):
            ln.kind = "related"
            return
        s.related_zone = False
    if nw <= 2 or (nw <= SHORT_WORDS and not ends_sentence):
        ln.kind = "boilerplate"
        return
    if not ends_sentence and nw <= 8 and _OUTLET_LINE.search(t):
        ln.kind = "byline"  # "The Oslo Times International News Network": a credit line
        return
    if not ends_sentence and nw <= 8 and _stop_ratio(words) < 0.1 and _looks_like_menu(t):
        ln.kind = "boilerplate"
        return
    ln.kind = "comment" if s.is_thread and ln.post > 0 else "body"


def _looks_like_menu(t: str) -> bool:
    """Navigation rows: several capitalised items separated by bars, bullets or wide gaps."""
    return bool(re.search(r"(\s[|•·»/]\s|\t|\s{3,})", t))


# -- 5. threads without delimiter lines ---------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?:(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH} \d{{4}}|\d{{4}}-\d\d-\d\d)"
    r"(?:,? \d{1,2}:\d\d(?: ?[ap]\.?m\.?)?)?\s*[-–—:|]\s*\S"
    r"|[A-Z][A-Za-z.' ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*\([A-Z][\w.&' -]{1,30}\)\s*[-–—:]\s*\S"
    r"|[A-Z][A-Z.' ]{2,30}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*[-–—]\s+[A-Z])",
    re.I,
)
_DATELINE_CASED = re.compile(r"^[A-Z0-9]")
_OPEN_Q = ('"', "\u201c")
_CLOSE_Q = ('"', "\u201d")
_QUOTED_SPAN = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|(?<!\w)'[^']{2,}'(?!\w)")
_COLLOQUIAL = re.compile(
    r"(\b\w{2,}in'(?!\w)|(?<!\w)an'(?!\w)|\b(ya|yer|y'all|gonna|wanna|gotta|kinda|sorta|dunno|"
    r"ain't|cuz|lol|lmao|rofl|imo|imho|omg|wtf|btw|tho|thx|u|ur|nah|yep|yeah|meh|huh|"
    r"'em|o')\b|[:;]-?[()DPp](?!\w)|\bha(ha)+\b)",
    re.I,
)
_PERSON = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|we|we're|us|our|you|you're|your|yours)\b")
_REPORTING = re.compile(
    r"\b(said|says|told|according to|reported|reports|announced|confirmed|claimed|stated|"
    r"quoted|spokes(?:man|woman|person)|agency|news|monitor|observatory)\b|\([A-Z][\w.&' -]{1,30}\)",
    re.I,
)
_NAME_LINE = re.compile(r"^[\w.@-]+(?: [\w.@-]+){0,2}$")
REMARK_MAX_WORDS = 30  # a stand-alone line citing no source up to this length reads as a reply
PRE_REMARK_MAX_LINES = 5  # the poster's lines before the quoted article


def _opens_quote_block(t: str) -> bool:
    if not t.startswith(_OPEN_Q):
        return False
    return t.count('"') % 2 == 1 if t[0] == '"' else t.count("\u201c") > t.count("\u201d")


def _closes_quote_block(t: str) -> bool:
    if not t.endswith(_CLOSE_Q):
        return False
    return t.count('"') % 2 == 1 if t[-1] == '"' else t.count("\u201d") > t.count("\u201c")


def remark_score(t: str) -> int:
    """How much a line reads like a forum reply rather than reporting (0 = not at all)."""
    outside = _QUOTED_SPAN.sub(" ", t[: MAX_PATTERN_LINE * 2])
    score = 0
    if _COLLOQUIAL.search(outside):
        score += 2
    if _PERSON.search(outside):
        score += 1
    if re.search(r"(!|\?|\?!|!\?)\W*$", outside.strip()) or "!!" in outside or "??" in outside:
        score += 1
    return score


def _is_remark(ln: Line) -> bool:
    """A reply between reposted articles: informal, or a short line citing no source."""
    t = ln.text
    if len(t) > MAX_PATTERN_LINE * 2:
        return False
    if remark_score(t) >= 1 and ln.n_words <= 80:
        return True
    return ln.n_words <= REMARK_MAX_WORDS and not _REPORTING.search(t) and not _DATELINE.match(t)


def _user_box(lines: list[Line]) -> tuple[int, str | None] | None:
    """(index of the first line after the box, member name) for a user box under the title."""
    i = 0
    while i < len(lines) and lines[i].kind != "title":
        i += 1
    if i >= len(lines) or i > 5:
        return None
    j = i + 1
    has_date = has_count = False
    name: str | None = None
    while j < len(lines) and j <= i + 10 and lines[j].kind == "boilerplate":
        t = lines[j].text
        if _DATE_ONLY.match(t):
            has_date = True
        elif _NUMBER.match(t):
            has_count = True
        elif name is None and not has_date and _NAME_LINE.match(t) and not _is_chrome(t):
            name = t
        j += 1
    if not (has_date and has_count) or j >= len(lines):
        return None
    return j, name


def _dateline_at(lines: list[Line], i: int) -> bool:
    t = lines[i].text
    return bool(
        _DATELINE.match(t[:MAX_PATTERN_LINE]) and _DATELINE_CASED.match(t) and lines[i].n_words >= 8
    )


def _title_echo(t: str, title_words: set[str]) -> bool:
    words = [w.lower() for w in _WORD.findall(t)]
    if len(words) < 3 or _SENT_END.search(t) or not title_words:
        return False
    return sum(1 for w in words if w in title_words) / len(words) >= 0.8


def _first_post_thread(lines: list[Line]) -> None:
    """Step 5 of the module docstring: relabel `body` lines of a thread with a user box."""
    box = _user_box(lines)
    if box is None:
        return
    start, member = box
    title = next(ln for ln in lines if ln.kind == "title")
    title_words = {w.lower() for w in _WORD.findall(title.text)}
    block = _quoted_block(lines, start)
    if block is None:
        _remarks_before_byline(lines, start, member)
        return
    # the poster's own lines before it
    for j in range(start, block[0]):
        if lines[j].kind == "body" and lines[j].n_words <= 80:
            lines[j].kind = "comment"
            lines[j].author = member
    _replies_after(lines, block[1] + 1, title_words)


def _quoted_block(lines: list[Line], start: int) -> tuple[int, int] | None:
    """The reposted article in quote marks: its first line opens a quote it does not close."""
    n = len(lines)
    for j in range(start, min(n, start + PRE_REMARK_MAX_LINES + 1)):
        if lines[j].kind != "body":
            continue
        if _opens_quote_block(lines[j].text) and not _dateline_at(lines, j):
            for k in range(j + 1, min(n, j + 200)):
                if lines[k].kind == "body" and _closes_quote_block(lines[k].text):
                    return (j, k)
                if lines[k].kind == "body" and _opens_quote_block(lines[k].text):
                    break
            return None
        if _dateline_at(lines, j):
            return None
    return None


def _remarks_before_byline(lines: list[Line], start: int, member: str | None) -> None:
    """No quoted repost: the poster's remark-like lines before a byline or dateline."""
    n = len(lines)
    for j in range(start, min(n, start + PRE_REMARK_MAX_LINES + 1)):
        if lines[j].kind == "byline" or (lines[j].kind == "body" and _dateline_at(lines, j)):
            for m in range(start, j):
                if lines[m].kind == "body" and remark_score(lines[m].text) >= 1:
                    lines[m].kind = "comment"
                    lines[m].author = member
            break


def _replies_after(lines: list[Line], k: int, title_words: set[str]) -> None:
    """After the repost: replies until a headline + dateline (or another quoted article) opens
    the next."""
    n = len(lines)
    in_gap = True
    while k < n:
        ln = lines[k]
        if ln.kind != "body":
            k += 1
            continue
        nxt = next((m for m in range(k + 1, min(n, k + 3)) if lines[m].kind == "body"), None)
        opens = _dateline_at(lines, k) or (
            nxt is not None
            and _dateline_at(lines, nxt)
            and ln.n_words <= 20
            and not _SENT_END.search(ln.text)
        )
        if opens:
            in_gap = False  # a headline or dateline: reporting again
        elif _title_echo(ln.text, title_words):
            ln.kind = "boilerplate"  # a link card repeating the thread title
        elif in_gap:
            if _is_remark(ln):
                ln.kind = "comment"
            else:
                in_gap = False
        elif remark_score(ln.text) >= 2 and ln.n_words <= 40 and not _REPORTING.search(ln.text):
            ln.kind = "comment"  # an informal line inside a later repost still reads as a reply
        k += 1
