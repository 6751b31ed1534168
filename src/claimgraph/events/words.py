"""Word classes the events stage reasons with: speech and deny verbs, light verbs, plan heads,
agentive nouns. Shared by the lexicon (which must know them to lemmatise) and the trigger finder.
"""

from __future__ import annotations

# verbs that introduce reported speech: cues for attribution, not events themselves
SPEECH = frozenset(
    "say tell report announce state add note claim confirm deny insist explain declare assert "
    "affirm acknowledge admit stress indicate reveal write tweet quote cite allege suggest "
    "believe think know learn hear show argue reiterate emphasize emphasise disclose comment "
    "dismiss refute".split()
)
DENY = frozenset("deny refute dismiss reject".split())
DENY_OBJECTS = frozenset(
    "allegation claim report news rumor rumour story accusation charge it that this this".split()
)
REPORT_CUES = frozenset("report cite quote".split())
LIGHT = frozenset(
    "launch carry conduct stage mount make begin start continue resume escalate intensify "
    "undertake perform wage unleash step have take give receive suffer come".split()
)
PLAN_HEADS = frozenset(
    "plan aim intend expect schedule prepare seek want hope decide vow swear pledge promise try look "
    "attempt set agree plot threaten propose offer consider ready willing prepared poised eager "
    "due".split()
)
NON_EVENT_HEADS = frozenset(
    "aim plan expect schedule seek want hope decide try attempt set consider going".split()
)
AGENTIVE = frozenset(
    "protester protestor demonstrator rioter gunman gunmen sniper bomber militant "
    "suicide bomber".split()
)
#: heads of noun phrases that name people or groups: who can act or be acted on
PERSON_NOUNS = frozenset(
    "force troop police army government official civilian people rebel soldier protester "
    "demonstrator villager militant fighter leader peacekeeper refugee minister president "
    "militia insurgent guerrilla gunman student worker journalist activist resident "
    "commander member opposition authority authorities regime delegation side country "
    "state parliament court coalition group party ally envoy diplomat spokesman spokeswoman "
    "prisoner hostage detainee child woman man victim family settler police officer "
    "administration cabinet council committee agency ministry embassy navy airforce "
    "nation colonist crew pilot governor mayor king prince general chief head secretary "
    "spokesperson senator lawmaker legislator premier chancellor negotiator representative "
    "counterpart mediator monitor observer official team unit battalion brigade division donor military junta "
    "individual".split()
)
#: acts a state takes by announcing or ordering them (a sanction, aid, a deployment): the
#: object of an enacting verb is the act itself ("announced new tariffs"), not a reference
MEASURES = frozenset("SANCTION AID MOBILIZE".split())
ENACTING = frozenset("announce impose introduce unveil order approve adopt declare".split())
#: prepositions of the span another act took place in ("said during a visit to Kabul")
SPAN_PREPS = frozenset({"during"})
#: people who comment on events rather than take part in them: their forecasts and opinions
#: ("analysts said Russia will attack", "experts say the government must act") are no act of a
#: party. One list for the trigger finder (by lemma), the speech acts and the events stage.
COMMENTATORS = frozenset(
    "analyst expert observer commentator scholar professor researcher fellow critic "
    "economist everyone".split()
)


def is_commentator(word: str) -> bool:
    """A lowercase word, singular or plural, that names a commentator."""
    return word in COMMENTATORS or (word.endswith("s") and word[:-1] in COMMENTATORS)
