import json
from pathlib import Path

from claimgraph.ingest import decode_bytes, read_paths
from claimgraph.model import DocError, RawDocument


def _collect(paths):
    items = list(read_paths(paths))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, DocError)]


def test_ingest_reads_text_html_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rebels shelled the town on Monday.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Troops advanced.</p></body></html>")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "Protesters marched.", "url": "http://x.test/1", "published": "2020-01-02"})
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
