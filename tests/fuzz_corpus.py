"""A deterministic corpus of hostile inputs for `claimgraph run` (issue 16).

In: a folder and a seed. Out: the folder filled with about `n` inputs (files, links, FIFOs, a
folder or two), and the list of what was made. The same seed gives the same bytes.

Kinds: binary noise; truncated and mixed encodings (UTF-8 cut inside a character, Latin-1 and
cp1251 runs, UTF-16 with and without BOM); NUL bytes and terminal escapes in text; malformed and
deeply nested HTML; JSONL with broken lines, wrong types, lone surrogates, invalid UTF-8 and
deeply nested JSON; truncated WARC and gzip; pathological text (megabyte lines, repeated tokens,
thousands of dates); empty and oversized files; special files (FIFO, symlink loop, dangling
link, link to a parent folder, hidden files); hostile file names (bytes that are not UTF-8,
newlines, escapes, Rich markup, 250-byte names). A share of real news stories keeps the
pipeline busy with documents that should be stored.

Run it alone to look at the corpus: `python tests/fuzz_corpus.py /tmp/fuzz 200`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FuzzInput", "make_corpus", "news_stories"]

_DEMO = (
    Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "demo" / "voa_demo.jsonl"
)


@dataclass
class FuzzInput:
    path: Path  # as created (a link, a FIFO or a file)
    kind: str


def news_stories() -> list[str]:
    return [
        json.loads(line)["text"]
        for line in _DEMO.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _warc_bytes(rng: random.Random, stories: list[str], n: int, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        body = f"<html><head><title>Story {i}</title></head><body><p>{rng.choice(stories)}</p></body></html>"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(
            f"https://news.test/{rng.randrange(10**6)}", "response",
            payload=io.BytesIO(body.encode()), http_headers=headers,
        )  # fmt: skip
        writer.write_record(rec)
    return buf.getvalue()


def _story(rng: random.Random, stories: list[str]) -> str:
    return rng.choice(stories)


def _gen_text_kinds(rng: random.Random, stories: list[str]) -> list[tuple[str, str, bytes]]:
    """(kind, file name, bytes) for the file-content kinds; several of each."""
    s = lambda: _story(rng, stories)  # noqa: E731
    out: list[tuple[str, str, bytes]] = []
    add = lambda kind, name, data: out.append((kind, name, data))  # noqa: E731
    for i in range(6):
        add("news", f"news_{i}.txt", s().encode())
    for i in range(3):
        add(
            "news_html",
            f"news_{i}.html",
            f"<html><body><article><p>{s()}</p></article></body></html>".encode(),
        )
    for i in range(8):
        add(
            "binary",
            f"noise_{i}.{rng.choice(['txt', 'html', 'bin', 'jsonl'])}",
            rng.randbytes(rng.choice([10, 1000, 50_000])),
        )
    for i in range(6):
        data = s().encode()
        cut = data.find("é".encode()) if "é" in data.decode() else len(data) // 2
        add(
            "utf8_truncated",
            f"cut_{i}.txt",
            (data[: cut + 1] if cut > 0 else data[:-1]) + "ş".encode()[:1],
        )
    for i in range(6):
        add("mixed_encoding", f"mixed_{i}.txt",
            s()[:300].encode() + " Déclaré à Alep ".encode("latin-1") + " Москва заявила ".encode("cp1251")
            + "Beyrouth, été".encode() + rng.randbytes(8))  # fmt: skip
    for i in range(4):
        text = s()[:2000]
        add("utf16", f"utf16_{i}.txt", text.encode("utf-16") if i % 2 else text.encode("utf-16-le"))
    for i in range(5):
        text = s()
        pos = sorted(rng.randrange(len(text)) for _ in range(5))
        add(
            "nul_bytes",
            f"nul_{i}.txt",
            "\x00".join(
                text[a:b] for a, b in zip([0, *pos], [*pos, len(text)], strict=True)
            ).encode(),
        )
    for i in range(5):
        add("terminal_escapes", f"ansi_{i}.txt",
            ("\x1b[2J\x1b[31m[link=file:///etc/passwd]click[/link] \x07\x1b]0;pwned\x07 " + s()).encode())  # fmt: skip
    for i in range(8):
        tags = ["<div>", "</div>", "<p>", "</span>", "<table><tr><td>", "<!--", "-->", "<script>", "</script>",
                "<a href='", "'>", "<br/>", "&amp", "&#xffffff;", "&#0;", "<![CDATA[", "]]>", "<?xml ?>"]  # fmt: skip
        soup = "".join(
            rng.choice(tags) + (s()[: rng.randrange(200)] if rng.random() < 0.3 else "")
            for _ in range(400)
        )
        add("html_malformed", f"soup_{i}.html", soup.encode())
    for i, depth in enumerate([2000, 20_000, 100_000]):
        add(
            "html_nested",
            f"nested_{i}.html",
            ("<div>" * depth + s() + "</div>" * (depth // 2)).encode(),
        )
    for i, depth in enumerate([1000, 100_000]):
        add("json_nested", f"nested_{i}.jsonl", ("[" * depth + "]" * depth + "\n").encode())
    for i in range(3):
        add("json_nested_text", f"nested_text_{i}.jsonl",
            json.dumps({"text": s(), "meta": json.loads("[" * 50 + "]" * 50)}).encode() + b"\n")  # fmt: skip
    # JSONL: one file per broken-line type, and mixed files
    bad_lines: list[bytes] = [
        b"{not json", b"[1, 2, 3]", b'"just a string"', b"null", b"42",
        json.dumps({"text": 5}).encode(), json.dumps({"text": ["a"]}).encode(), json.dumps({"txt": "x"}).encode(),
        json.dumps({"text": s(), "url": 7}).encode(), json.dumps({"text": s(), "url": ["http://a"]}).encode(),
        json.dumps({"text": s(), "title": {"a": 1}}).encode(), json.dumps({"text": s(), "published": True}).encode(),
        json.dumps({"text": s(), "published": {"y": 2020}}).encode(),
        json.dumps({"text": s(), "author": [1, 2], "outlet": {"x": 1}, "section": 3.5}).encode(),
        json.dumps({"text": s(), "media_type": ["text/html"]}).encode(),
        ('{"text": "Lone \\ud800 surrogate: ' + s()[:200].replace('"', "'") + '", "title": "\\udfff"}').encode(),
        b'{"text": "caf\xe9 \xff\xfe invalid utf-8 ' + s()[:200].replace('"', "'").encode() + b'"}',
        b'{"text": "' + b"\\u0000" * 10 + s()[:100].replace('"', "'").encode() + b'"}',
        json.dumps({"text": "   "}).encode(), b"\x00\x00\x00", b"\xef\xbb\xbf" + json.dumps({"text": s()}).encode(),
    ]  # fmt: skip
    for i, line in enumerate(bad_lines):
        add("jsonl_broken", f"broken_{i:02d}.jsonl", line + b"\n")
    for i in range(4):
        lines = rng.sample(bad_lines, 6) + [json.dumps({"text": s()}).encode() for _ in range(2)]
        rng.shuffle(lines)
        add("jsonl_mixed", f"mixed_{i}.jsonl", b"\n".join(lines) + (b"\n" if i % 2 else b""))
    add("jsonl_utf16", "utf16.jsonl", (json.dumps({"text": s()}) + "\n").encode("utf-16"))
    add(
        "jsonl_crlf",
        "crlf.jsonl",
        b"\r\n".join(json.dumps({"text": s()}).encode() for _ in range(2)) + b"\r\n",
    )
    # WARC and gzip, whole and truncated
    for i in range(4):
        gz = bool(i % 2)
        data = _warc_bytes(rng, stories, 2, gz)
        add("warc", f"archive_{i}.warc" + (".gz" if gz else ""), data)
        cut = rng.randrange(10, len(data) - 10)
        add("warc_truncated", f"archive_cut_{i}.warc" + (".gz" if gz else ""), data[:cut])
    add("warc_plain_text", "plain.warc", s().encode())
    add("warc_empty", "empty.warc", b"")
    add("warc_header_only", "header.warc", b"WARC/1.0\r\n")
    add("warc_garbage_gz", "garbage.warc.gz", gzip.compress(rng.randbytes(500)))
    for i in range(4):
        data = gzip.compress(s().encode())
        add("gzip", f"story_{i}.txt.gz", data)
        add("gzip_truncated", f"story_cut_{i}.txt.gz", data[: rng.randrange(5, len(data) - 2)])
    add("gzip_not_gzip", "fake.txt.gz", s().encode())
    jl = gzip.compress(b"\n".join(json.dumps({"text": s()}).encode() for _ in range(3)))
    add("gzip_jsonl_truncated", "cut.jsonl.gz", jl[: len(jl) // 2])
    # pathological text
    add(
        "megabyte_line",
        "megaline.txt",
        (" ".join(s().split()) + " ").encode() * (1_000_000 // (len(s()) + 1) + 1),
    )
    add("megabyte_noise_line", "megaline_noise.txt", " ".join(
        "".join(rng.choice("abcdefghij") for _ in range(rng.randrange(1, 12))) for _ in range(150_000)).encode())  # fmt: skip
    add("repeated_token", "al.txt", b"Al-" * 50_000)
    add("repeated_word", "attack.txt", b"attack " * 20_000)
    add(
        "repeated_name",
        "names.txt",
        b"President Vladimir Putin of Russia met Hamas in Gaza. " * 800,
    )
    add("many_dates", "dates.txt", "\n".join(
        f"On {rng.randrange(1, 28)} March {rng.randrange(1990, 2030)} troops shelled Aleppo." for _ in range(1200)).encode())  # fmt: skip
    add("long_lines_many", "lines.txt", "\n".join("x" * 5000 for _ in range(100)).encode())
    add("empty", "empty.txt", b"")
    add("empty", "empty2.txt", b"")
    add("whitespace", "blank.txt", b" \n\t\r\n  " * 100)
    add("oversized", "huge.txt", b"Troops advanced. " * 360_000)
    add("script_only", "script.html", b"<html><script>alert(1)</script><style>p{}</style></html>")
    add("control_chars", "controls.txt", bytes(range(1, 32)) * 10 + s().encode())
    add(
        "rich_markup",
        "markup.txt",
        (
            "[bold red]Rebels[/] [link=file:///etc/passwd]shelled[/link] Aleppo :fire: on Monday. "
            + s()
        ).encode(),
    )
    add("duplicate", "dup_a.txt", stories[0].encode())
    add("duplicate", "dup_b.txt", stories[0].encode())
    return out


def _hostile_names(rng: random.Random, stories: list[str]) -> list[tuple[str, bytes, bytes]]:
    """(kind, file name as bytes, content)."""
    text = lambda: rng.choice(stories).encode()  # noqa: E731
    return [
        ("name_not_utf8", b"bad\xff\xfename.txt", text()),
        ("name_latin1", "caf\xe9.txt".encode("latin-1"), text()),
        ("name_newline", b"new\nline.txt", text()),
        ("name_escape", b"\x1b[2Jclear.txt", text()),
        ("name_markup", b"[link=file:---etc-passwd]x[-link].txt", text()),
        ("name_long", ("n" * 246 + ".txt").encode(), text()),
        ("name_quotes", b'it\'s "quoted" & $HOME.txt', text()),
        ("name_dash", b"-rf --db x.txt", text()),
        (
            "name_unicode",
            "مقال_عربي_٢٠٢٤.txt".encode(),
            "قصفت القوات مدينة حلب يوم الاثنين.".encode(),
        ),
        ("name_surrogate_bytes", b"\xed\xa0\x80lone.txt", text()),
    ]


def make_corpus(root: Path, n: int = 200, seed: int = 16) -> list[FuzzInput]:
    """Fill `root` (created) with about `n` hostile inputs; the same seed gives the same corpus."""
    rng = random.Random(seed)
    stories = news_stories()
    root.mkdir(parents=True, exist_ok=True)
    made: list[FuzzInput] = []
    contents = _gen_text_kinds(rng, stories)
    names = _hostile_names(rng, stories)
    specials = 9
    # fill to n with more news stories, some gzipped, some in subfolders
    extra = max(0, n - len(contents) - len(names) - specials)
    for i in range(extra):
        kind = rng.choice(["news", "news", "news_html", "jsonl_news", "news_gz"])
        text = rng.choice(stories)
        if kind == "news_html":
            contents.append(
                (kind, f"more/{i:03d}.html", f"<html><body><p>{text}</p></body></html>".encode())
            )
        elif kind == "jsonl_news":
            contents.append(
                (
                    kind,
                    f"more/{i:03d}.jsonl",
                    json.dumps({"text": text, "url": f"https://x.test/{i}"}).encode() + b"\n",
                )
            )
        elif kind == "news_gz":
            contents.append((kind, f"more/{i:03d}.txt.gz", gzip.compress(text.encode())))
        else:
            contents.append((kind, f"more/{i:03d}.txt", text.encode()))
    for kind, name, data in contents:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made.append(FuzzInput(path, kind))
    bdir = os.fsencode(root / "names")
    os.makedirs(bdir, exist_ok=True)
    for kind, bname, data in names:
        bpath = os.path.join(bdir, bname)
        with open(bpath, "wb") as fh:
            fh.write(data)
        made.append(FuzzInput(Path(os.fsdecode(bpath)), kind))
    special = root / "special"
    special.mkdir(exist_ok=True)
    _special: list[tuple[str, str, Callable[[Path], None]]] = [
        ("fifo", "pipe", lambda p: os.mkfifo(p)),
        ("symlink_loop", "loop", lambda p: os.symlink(p.name, p)),
        ("symlink_dangling", "dangling", lambda p: os.symlink("does-not-exist", p)),
        ("symlink_parent", "up", lambda p: os.symlink("..", p)),
        ("hidden_file", ".hidden.txt", lambda p: p.write_text(rng.choice(stories))),
        (
            "system_file",
            ".DS_Store",
            lambda p: p.write_bytes(b"\x00\x00\x00\x01Bud1" + rng.randbytes(100)),
        ),
        (
            "hidden_folder",
            ".git",
            lambda p: (p.mkdir(), (p / "HEAD").write_text("ref: refs/heads/main\n")),
        ),
        ("symlink_file", "link.txt", lambda p: os.symlink("../news_0.txt", p)),
        ("unreadable", "secret.txt", lambda p: (p.write_text(rng.choice(stories)), p.chmod(0))),
    ]
    for kind, name, create in _special:
        path = special / name
        create(path)
        made.append(FuzzInput(path, kind))
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1])
    inputs = make_corpus(target, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    kinds: dict[str, int] = {}
    for item in inputs:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    print(
        f"{len(inputs)} inputs in {target}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
