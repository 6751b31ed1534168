"""ACLED sub-type cues (events.acled_cues) on our own sentences, not the eval data."""

from __future__ import annotations

from claimgraph.events.acled_cues import cues, protest_cues


def _pl(text: str) -> list[str]:
    return [c for c in cues(text) if c.startswith("PL_")]


def test_protest_level_follows_the_codebook_order():
    assert _pl("Teachers marched to the ministry demanding their salaries.") == ["PL_PEACE"]
    assert _pl("Police fired tear gas to disperse a peaceful rally of students.") == ["PL_INTER"]
    assert _pl("Police detained a dozen activists at an unauthorised rally.") == ["PL_INTER"]
    assert _pl("Soldiers opened fire on the protesters, killing three of them.") == ["PL_FORCE"]
    assert _pl("Protesters threw stones at police and set tyres ablaze.") == ["PL_VIOLENT"]
    assert _pl("An angry mob lynched a man accused of theft during the protest.") == ["PL_MOB"]


def test_protest_cues_need_a_demonstration():
    assert protest_cues("Soldiers killed three rebels in the hills.", set()) == []


def test_non_violent_is_not_violent():
    found = cues("Thousands of non-violent protesters marched through the capital.")
    assert "C_RIOT" not in found and "VIOL_DEMO" not in found
    assert "VIOL_DEMO" in cues("Clashes have broken out between students and the police.")
    assert "VIOL_DEMO" in cues("The march turned violent in the afternoon.")


def test_territory_and_crime_combinations():
    assert "C_TAKE+WITHDRAW" in cues(
        "The militia took control of the town after the army withdrew."
    )
    assert "C_TAKE+NOFIGHT" in cues("Rebels seized the village without a fight.")
    assert "C_CRIME+ARREST" in cues("Police arrested five members of a drug smuggling gang.")
    assert "C_ATTACK+SOFT" in cues("Gunmen attacked a market in the town.")


def test_codebook_examples_cover_every_sub_type():
    from claimgraph.events.acled import table
    from claimgraph.resources import data_path

    rows = [
        line.split("\t")
        for line in data_path("events", "acled_examples.tsv").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(len(r) == 2 and r[1].strip() for r in rows)
    codes = {r[0] for r in rows}
    assert {v[2] for v in table().values()} <= codes
    unseen = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
    assert unseen <= codes


def test_riot_police_and_violent_dispersal_are_not_violent_demonstrators():
    assert _pl("Riot police dispersed the sit-in with batons.") == ["PL_INTER"]
    assert "C_RIOT" not in cues("Riot police dispersed the sit-in with batons.")
    assert _pl("Rioters torched cars and looted shops in the city centre.") == ["PL_VIOLENT"]


def test_cv_classifier_embeds_the_examples_with_the_snippets():
    # with the optional sentence embeddings, the example rows carry their own embedding block
    import numpy as np

    from claimgraph.eval.tasks.event_type_acled import _cv_classifier

    words = {
        "A": "troops shelled the town",
        "B": "crowds marched peacefully",
        "C": "police arrested men",
    }
    labels = [lab for lab in "ABC" for _ in range(6)]
    texts = [f"{words[lab]} {i}" for i, lab in enumerate(labels)]
    feats = [[f"T_{lab}"] for lab in labels]
    onehot = {lab: np.eye(3)[i] for i, lab in enumerate("ABC")}
    emb = np.array([onehot[lab] for lab in labels])
    ex_labels = list("ABC")
    extra = ([words[lab] for lab in ex_labels], [[f"T_{lab}"] for lab in ex_labels], ex_labels,
             np.array([onehot[lab] for lab in ex_labels]))  # fmt: skip
    assert _cv_classifier(texts, feats, labels, k=3, emb=emb, extra=extra) == labels


def test_examples_only_classifier_never_sees_the_scored_texts():
    from claimgraph.eval.tasks.event_type_acled import _examples_only_predictions

    ex = (["troops shelled the town", "crowds marched peacefully", "police arrested men"] * 2,
          [["T_A"], ["T_B"], ["T_C"]] * 2, ["A", "B", "C"] * 2)  # fmt: skip
    texts = ["the army shelled a village", "thousands marched peacefully downtown"]
    assert _examples_only_predictions(texts, [["T_A"], ["T_B"]], ex) == ["A", "B"]
