import json
from pathlib import Path

from claimgraph.ingest import decode_bytes, read_paths
from claimgraph.model import DocError, RawDocument


def _collect(paths):
    items = list(read_paths(paths))
    return [i for i in items if isinstance(i, RawDocument)], [
        i for i in items if isinstance(i, DocError)
    ]


def test_ingest_reads_text_html_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rebels shelled the town on Monday.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Troops advanced.</p></body></html>")
    (tmp_path / "c.jsonl").write_text(
        json.dumps(
            {"text": "Protesters marched.", "url": "http://x.test/1", "published": "2020-01-02"}
        )
        + "\n\n"
        + json.dumps({"title": "no text"})
        + "\n"
    )
    docs, errors = _collect([tmp_path])
    by_type = {d.media_type for d in docs}
    assert by_type == {"text/plain", "text/html"}
    jsonl = [d for d in docs if d.url]
    assert jsonl[0].published == "2020-01-02" and jsonl[0].uri.endswith("c.jsonl#1")
    assert [e.code for e in errors] == ["E005"]


def test_ingest_ids_are_content_hashes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same text.")
    (tmp_path / "b.txt").write_text("Same text.")
    docs, _ = _collect([tmp_path])
    assert docs[0].id == docs[1].id and len(docs[0].id) == 64


def test_ingest_bad_files_become_errors(tmp_path: Path) -> None:
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_bytes(b"word " * 1_300_000)
    (tmp_path / "latin1.txt").write_bytes("Le général a déclaré à Alep.".encode("latin-1"))
    docs, errors = _collect([tmp_path])
    codes = {Path(e.uri).name: e.code for e in errors}
    assert codes == {"bin.dat": "E001", "empty.txt": "E002", "big.txt": "E003"}
    assert docs[0].text == "Le général a déclaré à Alep."


def test_decode_bytes_utf8_bom_and_fallback() -> None:
    assert decode_bytes("\ufeffabc".encode("utf-8")) == ("abc", "utf-8-sig")
    text, _ = decode_bytes(b"caf\xe9 au lait, d\xe9j\xe0 vu")
    assert "café" in text


def _warc(path: Path, html: str, warc_date: str) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            "https://example.org/story", "response", payload=BytesIO(html.encode()),
            http_headers=headers, warc_headers_dict={"WARC-Date": warc_date},
        )  # fmt: skip
        writer.write_record(rec)


def test_warc_capture_date_never_overrides_the_page_date(tmp_path: Path) -> None:
    from claimgraph.clean import clean

    page = (
        "<html><head><title>Strike</title>"
        '<meta property="article:published_time" content="2015-12-26T10:00:00Z"></head>'
        "<body><article><p>An air strike hit the town of Douma on Friday, residents said, and "
        "the rescue teams worked through the night to pull people from the rubble.</p>"
        "<p>The strike was one of many in the area this month, according to local monitors."
        "</p></article></body></html>"
    )
    _warc(tmp_path / "a.warc", page, "2026-12-05T00:00:00Z")
    [raw] = [r for r in read_paths([tmp_path / "a.warc"]) if isinstance(r, RawDocument)]
    assert raw.published is None and raw.hints["captured"].startswith("2026-12-05")
    doc = clean(raw)
    assert doc.published is not None and doc.published.value == "2015-12-26"


def test_warc_capture_date_is_the_last_resort(tmp_path: Path) -> None:
    from claimgraph.clean import clean

    page = (
        "<html><head><title>Strike</title></head><body><article><p>An air strike hit the town "
        "of Douma, residents said, and the rescue teams worked through the night to pull people "
        "from the rubble of the houses.</p></article></body></html>"
    )
    _warc(tmp_path / "b.warc", page, "2016-01-02T00:00:00Z")
    [raw] = [r for r in read_paths([tmp_path / "b.warc"]) if isinstance(r, RawDocument)]
    doc = clean(raw)
    assert doc.published is not None
    assert doc.published.value == "2016-01-02" and doc.published.source == "capture"
