"""ActorStage on hand-built documents (no spaCy model: entities are given or scanned)."""

from __future__ import annotations

from claimgraph.actors import ActorStage, provisional_id
from claimgraph.model import Document, Entity, Segment

EN = ("Russian warplanes struck Douma on Friday, killing Zahran Alloush, the leader of Jaysh "
      "al-Islam, the Syrian Observatory for Human Rights (SOHR) said. Syrian state television "
      "confirmed it. Jaysh al-Islam spokesman Hamza Qwertyan denied it. ")  # fmt: skip
AR = "قال المرصد السوري لحقوق الإنسان إن الطائرات الروسية قصفت مواقع جيش الإسلام"


def _doc(entities: list[tuple[str, str]] | None = None) -> Document:
    text = EN + AR
    ents = []
    for surface, label in entities or []:
        i = text.index(surface)
        ents.append(Entity(start=i, end=i + len(surface), label=label, text=surface))
    return Document(
        id="d1", uri="mem:d1", text=text, entities=ents,
        segments=[Segment(kind="body", start=0, end=len(EN), lang="en"),
                  Segment(kind="body", start=len(EN), end=len(text), lang="ar")],
    )  # fmt: skip


def _by_surface(doc: Document) -> dict[str, object]:
    return {doc.text[a.start : a.end]: a for a in doc.actors}


def test_actors_stage_scans_both_scripts() -> None:
    doc = ActorStage()(_doc())
    got = _by_surface(doc)
    assert got["Russian warplanes"].actor_id == "RUS-MIL"
    assert got["Zahran Alloush"].actor_id == "cg:zahran-alloush"
    assert got["SOHR"].actor_id == got["Syrian Observatory for Human Rights"].actor_id
    assert got["Syrian state television"].country == "SYR"
    assert got["جيش الإسلام"].actor_id == got["Jaysh al-Islam"].actor_id
    assert got["المرصد السوري لحقوق الإنسان"].actor_id == "cg:sohr"
    assert got["الطائرات الروسية"].actor_id == "RUS-MIL"
    assert all(a.start is not None and a.end is not None for a in doc.actors)
    assert [a.start for a in doc.actors] == sorted(a.start for a in doc.actors)


def test_actors_stage_provisional_and_roles() -> None:
    doc = ActorStage()(_doc([("Hamza Qwertyan", "PERSON"), ("Douma", "GPE")]))
    got = _by_surface(doc)
    p = got["Hamza Qwertyan"]
    assert p.provisional and p.actor_id == provisional_id("Hamza Qwertyan")
    # "Jaysh al-Islam spokesman X": X speaks for the group, takes its country and sector
    assert p.country == "SYR" and p.sector == "REB"
    meta = doc.meta["actors"]
    roles = {(doc.actors[r["person"]].name, r["role"], r["group_id"]) for r in meta["roles"]}
    assert ("Hamza Qwertyan", "spokesman", "cg:jaysh-al-islam") in roles
    assert ("Zahran Alloush", "leader", "cg:jaysh-al-islam") in roles
    assert any(x["actor_id"] == p.actor_id and "spokesman" in x["context"]
               for x in meta["provisional"])  # fmt: skip


def test_actors_stage_coref_when_clear() -> None:
    text = "Jaysh al-Islam shelled the city. The group said it acted in self-defence."
    doc = Document(id="d2", uri="mem:d2", text=text,
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    ActorStage()(doc)
    got = _by_surface(doc)
    assert got["The group"].actor_id == got["Jaysh al-Islam"].actor_id


def test_actors_stage_no_coref_when_ambiguous() -> None:
    text = "Jaysh al-Islam and Hezbollah clashed. The group said it won."
    doc = Document(id="d3", uri="mem:d3", text=text,
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    ActorStage()(doc)
    assert "The group" not in _by_surface(doc)


def test_actors_stage_acronym_and_surname() -> None:
    text = ("The Qwerty Liberation Front (QLF) attacked. Its leader Abdul Zorbtari said QLF "
            "would continue. Zorbtari was later seen.")  # fmt: skip
    ents = [("Qwerty Liberation Front", "ORG"), ("QLF", "ORG"), ("Abdul Zorbtari", "PERSON"),
            ("Zorbtari", "PERSON")]  # fmt: skip
    spans = []
    pos = 0
    for s, lab in ents:
        i = text.index(s, pos)
        spans.append(Entity(start=i, end=i + len(s), label=lab, text=s))
        pos = i + len(s)
    doc = Document(id="d4", uri="mem:d4", text=text, entities=spans,
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    ActorStage()(doc)
    ids = {doc.text[a.start : a.end]: a.actor_id for a in doc.actors}
    assert ids["QLF"] == ids["Qwerty Liberation Front"]
    assert ids["Zorbtari"] == ids["Abdul Zorbtari"]
    assert all(a.provisional for a in doc.actors if a.actor_id.startswith("prov_"))


def test_actors_stage_rebels_never_corefer_to_a_state_army() -> None:
    text = ("Jordan's military said it shot down a drone near the border. The rebels denied "
            "launching it.")  # fmt: skip
    doc = Document(id="d5", uri="mem:d5", text=text,
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    ActorStage()(doc)
    got = _by_surface(doc)
    mil = [a for a in doc.actors if a.sector == "MIL"]
    assert mil, "the state's military is found"
    assert all(a.actor_id != mil[0].actor_id for s, a in got.items() if "rebels" in s.lower())


def test_actors_stage_article_cut_from_its_name_is_no_actor() -> None:
    # NER that splits "al-Rahman Legion" at its article, or tags a lone particle, names no one
    text = "The deal displaces civilians and al-Qadisiya Brigade fighters, and the- el- groups."
    ents = []
    for surface, label in [("al-", "ORG"), ("the-", "ORG"), ("el-", "PERSON")]:
        i = text.index(surface)
        ents.append(Entity(start=i, end=i + len(surface), label=label, text=surface))
    doc = Document(id="d2", uri="mem:d2", text=text, entities=ents,
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    names = [a.name for a in ActorStage()(doc).actors]
    assert not [n for n in names if n.rstrip("-").lower() in ("al", "el", "the")], names
    # a whole name with its article stays
    whole = "al-Qadisiya Brigade"
    i = text.index(whole)
    doc = Document(id="d3", uri="mem:d3", text=text,
                   entities=[Entity(start=i, end=i + len(whole), label="ORG", text=whole)],
                   segments=[Segment(kind="body", start=0, end=len(text), lang="en")])  # fmt: skip
    assert whole in [a.name for a in ActorStage()(doc).actors]


def test_actors_stage_a_demonym_phrase_ends_where_its_words_stop_matching() -> None:
    # (issue 14, stop 41) "Kenyan authorities banned civilians" had been one actor, "Kenya
    # civilians", spanning the verb: a longer phrase was taken whenever it ended in a role noun
    text = "Kenyan authorities banned civilians from traveling."
    doc = Document(
        id="k", uri="k", text=text,
        entities=[Entity(start=0, end=6, label="NORP", text="Kenyan")],
        segments=[Segment(kind="body", start=0, end=len(text), lang="en")],
    )  # fmt: skip
    got = _by_surface(ActorStage()(doc))
    assert "Kenyan authorities banned civilians" not in got
    assert "Kenyan authorities" in got
