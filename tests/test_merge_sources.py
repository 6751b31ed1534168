"""merge.sources: near-duplicate documents count as one source."""

from __future__ import annotations

from claimgraph.merge import MergeDoc, merge_events, source_groups
from claimgraph.merge.sources import MinHash, containment, shingles

from test_merge_events import DOUMA, JAI, RUSSIA, mention

WIRE = (
    "DAMASCUS (Reuters) - Zahran Alloush, the leader of the powerful rebel group Jaysh al-Islam, "
    "was killed on Friday in an air strike on a meeting of commanders in the Eastern Ghouta "
    "region near Damascus, the group and a monitoring group said. The Syrian Observatory for "
    "Human Rights said Russian jets carried out the strike, which killed at least six senior "
    "members of the group. Syrian state television said the army had carried out the attack."
)
OTHER = (
    "Aid convoys reached the besieged town of Madaya on Monday for the first time in months, "
    "the Red Cross said, bringing food and medicine to thousands of people who had been "
    "trapped by the fighting between government forces and rebels since the summer."
)


def test_sources_minhash_estimates_jaccard() -> None:
    a, b = shingles(WIRE), shingles(WIRE + " Additional reporting by a second writer.")
    est = MinHash(a).jaccard(MinHash(b))
    true = len(a & b) / len(a | b)
    assert abs(est - true) < 0.15
    assert MinHash(a).jaccard(MinHash(shingles(OTHER))) < 0.1


def test_sources_forum_repost_contains_wire_story() -> None:
    forum = (
        "Posted by user123\n" + WIRE + "\n" + " ".join(f"comment {i} I think so" for i in range(60))
    )
    assert containment(shingles(WIRE), shingles(forum)) > 0.9
    groups = source_groups({
        "wire": MergeDoc(id="wire", outlet="Reuters", text=WIRE),
        "forum": MergeDoc(id="forum", outlet="forum.example", text=forum),
        "synd": MergeDoc(id="synd", outlet="Yahoo News", text=WIRE.replace("DAMASCUS (Reuters) - ", "")),
        "other": MergeDoc(id="other", outlet="BBC", text=OTHER),
    })  # fmt: skip
    assert groups["wire"] == groups["forum"] == groups["synd"]
    assert groups["other"] != groups["wire"]


def test_sources_same_outlet_one_source() -> None:
    groups = source_groups({
        "a": MergeDoc(id="a", outlet="https://www.reuters.com/", text=WIRE),
        "b": MergeDoc(id="b", outlet="reuters.com", text=OTHER),
    })  # fmt: skip
    assert groups["a"] == groups["b"]


def test_sources_near_duplicates_count_once() -> None:
    d = {
        "wire": MergeDoc(id="wire", outlet="Reuters", published="2015-12-26", text=WIRE),
        "forum": MergeDoc(id="forum", outlet="forum.example", published="2015-12-27",
                          text="Look at this:\n" + WIRE + "\nGood riddance."),
    }  # fmt: skip
    ms = [mention("m1", "wire", actors=[RUSSIA], recipients=[JAI], place=DOUMA),
          mention("m2", "forum", actors=[RUSSIA], recipients=[JAI], place=DOUMA)]  # fmt: skip
    [ev] = merge_events(ms, d)
    assert len(ev.claims) == 2
    assert ev.documents == ["wire", "forum"]
    assert ev.n_sources == 1
    assert ev.status == "reported"
    assert ev.claims[0].source_group == ev.claims[1].source_group is not None
    d["third"] = MergeDoc(id="third", outlet="BBC", published="2015-12-26", text=OTHER)
    ms.append(mention("m3", "third", actors=[RUSSIA], recipients=[JAI], place=DOUMA))
    [ev] = merge_events(ms, d)
    assert ev.n_sources == 2 and ev.status == "corroborated"
