"""Sentence-level event extraction over a spaCy parse, one module per concern:

- `events.triggers`: which words are events, of which PLOVER type and mode (`find_triggers`);
- `events.roles`: actor and recipient noun phrases (`roles`, `np_span`);
- `events.modality`: asserted/hedged/negated/planned/hypothetical, the speaker and stance
  (`modality`, `attribution`, `sentence_type`);
- `events.sizes`: casualty and arrest counts (`sizes`).

This module gathers their public names under one roof for the stage and the evals.
"""

from __future__ import annotations

from claimgraph.events.lexicon import lemma
from claimgraph.events.modality import (
    Attrib,
    attribution,
    is_generic,
    is_reference,
    is_hedging_speaker,
    is_standing,
    modality,
    sentence_type,
)
from claimgraph.events.roles import (
    ancestors,
    dateline_end,
    is_acronym,
    is_actorish,
    np_span,
    roles,
    unnamed_place_object,
)
from claimgraph.events.sizes import sizes
from claimgraph.events.triggers import (
    AGENTIVE,
    DENY,
    DENY_OBJECTS,
    LIGHT,
    LOC_PREPS,
    NON_EVENT_HEADS,
    OBJ,
    PLAN_HEADS,
    SPEECH,
    SUBJ,
    Candidate,
    demonyms,
    find_triggers,
    is_speech_cue,
    main_candidate,
)

__all__ = [
    "ancestors", "AGENTIVE", "DENY", "DENY_OBJECTS", "LIGHT", "LOC_PREPS", "NON_EVENT_HEADS", "OBJ",
    "PLAN_HEADS", "SPEECH", "SUBJ", "Attrib", "Candidate", "attribution", "dateline_end",
    "demonyms", "find_triggers", "is_acronym", "is_actorish", "is_hedging_speaker",
    "is_speech_cue", "lemma", "main_candidate", "modality", "np_span", "roles", "sentence_type",
    "sizes", "unnamed_place_object", "is_generic", "is_reference", "is_standing",
]  # fmt: skip
