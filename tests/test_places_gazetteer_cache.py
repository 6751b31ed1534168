"""The default gazetteer's file name follows what its keys are made from."""

from __future__ import annotations

from claimgraph.places import gazetteer as gz


def test_cache_name_follows_the_key_code(monkeypatch, tmp_path) -> None:
    # a copy of the normaliser with one more line: a key-making change, so a new index file
    normalize = tmp_path / "normalize.py"
    normalize.write_bytes(gz._KEY_CODE[0].read_bytes())
    before = gz._shipped_hash()
    monkeypatch.setattr(gz, "_KEY_CODE", (normalize, *gz._KEY_CODE[1:]))
    assert gz._shipped_hash() == before
    normalize.write_bytes(normalize.read_bytes() + b"\n# changed\n")
    assert gz._shipped_hash() != before


def test_key_code_is_the_normalisers() -> None:
    names = {p.name for p in gz._KEY_CODE}
    assert "normalize.py" in names and "arabic.py" in names
    assert all(p.exists() for p in gz._KEY_CODE)
