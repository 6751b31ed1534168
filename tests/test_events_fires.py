"""The trigger finders' dispatch (events.fires, issue 18): every finder declares what it can
fire on, and running only the declared finders on a token gives the triggers that asking every
finder gives, on sentences written here for each finder class and on the VOA stories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.events import triggers as tr
from claimgraph.events.fires import Dispatch, Fires, UndeclaredFire, fires_on

pytestmark = pytest.mark.slow
VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"

#: one or more sentences per finder of triggers.FINDERS, written for this test
CLASSES = {
    "spoken judgement": '"The verdict is arbitrary and unjust," the opposition leader said.',
    "spoken praise": "The foreign minister said the truce agreement was a positive step.",
    "blame": "The governor said the neighbouring state had been sabotaging the peace talks.",
    "rejection": "The interior ministry brushed aside the criticism from rights groups.",
    "proceeding": "The former mayor went on trial in Accra on corruption charges.",
    "joint": "The two presidents held a joint news conference in Nairobi on Friday.",
    "spoken": "The commander told his soldiers to leave the border town by noon.",
    "framed": "Shops in the old city closed in protest of the arrests.",
    "operation": "The army launched a military operation against the rebels in the hills.",
    "no content word": "Yes, and then, oh well.",
    "custody": "Four officials are in jail, facing trial on charges of fraud.",
    "restriction": "The junta does not allow aid agencies to reach the northern camps.",
    "according to": "According to witnesses, police fired tear gas at the crowd.",
    "ultimatum": "The court gave the ministry ten days to publish the audit.",
    "stance": "The ministers reiterated their opposition to the dam project.",
    "speech cue": "The envoy said the militias must withdraw from the port.",
    "light": "The rebels made several attempts to take the airport.",
    "refusal": "The union will not accept the new labour decree.",
    "judged claim": "The ministry called the reports of mass graves baseless.",
    "condemnation": "The president described the bombing of the market as barbaric.",
    "disapproval": "The European Union is deeply disappointed by the court's decision.",
    "no event": "A militia called the Red Hand raided the village at dawn.",
    "urging": "The envoy encouraged the two sides to resume negotiations.",
    "funds": "Parliament approved $40 million for the flood victims in Sindh.",
    "lexicon": "Troops shelled the town and arrested twelve men near the bridge.",
    "law name": "The Senate passed the Protecting Fishermen Through Sanctions Act on Monday.",
    "denial": "The army denied the allegations of torture at the base.",
}


def _triggers(sents: list[Any], monkeypatch: pytest.MonkeyPatch, check: bool) -> list[Any]:
    if check:
        monkeypatch.setenv("CLAIMGRAPH_CHECK_FIRES", "1")
    else:
        monkeypatch.delenv("CLAIMGRAPH_CHECK_FIRES", raising=False)
    return [
        [(c.i, c.start, c.end, c.entry, c.score, c.linked, c.modes, c.depth) for c in found]
        for found in (tr.find_triggers(s) for s in sents)
    ]


def test_fires_every_finder_declares_what_it_fires_on() -> None:
    for finder in tr.FINDERS:
        decls = getattr(finder, "fires", None)
        assert decls, f"{finder.__name__} has no Fires"
        assert all(isinstance(d, Fires) for d in decls)
    assert tr._dispatch().finders == tr.FINDERS


def test_fires_a_finder_without_declaration_fails_loudly() -> None:
    def _undeclared(s: Any) -> None:
        return None

    with pytest.raises(UndeclaredFire, match="_undeclared declares no Fires"):
        Dispatch([*tr.FINDERS, _undeclared])
    with pytest.raises(ValueError, match="must say why"):
        Fires(pos=frozenset({"VERB"}))


def test_fires_dispatch_by_lemma_form_and_pos() -> None:
    @fires_on(Fires(lemmas=frozenset({"shell"}), pos=frozenset({"VERB"})))
    def verbs(s: Any) -> None:
        return None

    @fires_on(Fires(forms=frozenset({"shelling"})), Fires(pos=frozenset({"PROPN"}), why="test"))
    def forms(s: Any) -> None:
        return None

    @fires_on(Fires(not_pos=frozenset({"VERB", "NOUN"}), why="test"))
    def rest(s: Any) -> None:
        return None

    d = Dispatch([verbs, forms, rest])
    assert d("shell", "shelled", "VERB") == (verbs,)
    assert d("shell", "shelling", "NOUN") == (forms,)
    assert d("shell", "shelling", "VERB") == (verbs, forms)
    assert d("shell", "shell", "ADJ") == (rest,)
    assert d("Kano", "kano", "PROPN") == (forms, rest)
    assert d("the", "the", "NOUN") == ()


def test_fires_check_mode_catches_an_undeclared_answer(
    pipe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    @fires_on(Fires(lemmas=frozenset({"nothing-here"})))
    def _everywhere(s: Any) -> Any:
        return tr.SKIP

    doc = pipe.stages[0].nlp("Troops shelled the town.")
    monkeypatch.setattr(tr, "FINDERS", (_everywhere, *tr.FINDERS))
    tr._dispatch.cache_clear()
    try:
        monkeypatch.setenv("CLAIMGRAPH_CHECK_FIRES", "1")
        with pytest.raises(UndeclaredFire, match="_everywhere answered on 'Troops'"):
            tr.find_triggers(next(iter(doc.sents)))
        monkeypatch.delenv("CLAIMGRAPH_CHECK_FIRES")
        assert tr.find_triggers(next(iter(doc.sents)))  # undeclared: not asked, the rest fire
    finally:
        monkeypatch.undo()
        tr._dispatch.cache_clear()


def test_fires_dispatch_gives_the_scan_triggers_on_each_finder_class(
    pipe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sents = [s for text in CLASSES.values() for s in pipe.stages[0].nlp(text).sents]
    scanned = _triggers(sents, monkeypatch, check=True)
    assert _triggers(sents, monkeypatch, check=False) == scanned
    # the sentences reach the finders they were written for
    entries = {c[3].plover for found in scanned for c in found}
    assert {"ACCUSE", "SUPPORT", "REJECT", "CONSULT", "REQUEST", "PROTEST", "ASSAULT"} <= entries


def test_fires_dispatch_gives_the_scan_triggers_on_the_voa_stories(
    pipe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not VOA.is_file():
        pytest.skip("the VOA stories are absent")
    texts = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()]
    sents = [s for doc in pipe.stages[0].nlp.pipe(texts) for s in doc.sents]
    assert len(sents) > 2000
    assert _triggers(sents, monkeypatch, check=False) == _triggers(sents, monkeypatch, check=True)
