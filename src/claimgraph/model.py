"""The vocabulary of claimgraph: one set of typed records from ingest to API.

In: nothing. Out: pydantic v2 models that every stage reads and extends.

Offsets (`start`, `end`) are always character offsets into `Document.text`, the text that the
clean stage settled on (for plain-text files this is the decoded file itself), so evidence can be
highlighted in the source.

Per-document stages add their own fields and never edit another stage's:

    ingest  -> RawDocument
    clean   -> Document.text, segments, published, outlet
    nlp     -> Document.sentences, entities (+ private spaCy docs per segment)
    actors  -> Document.actors
    places  -> Document.places
    events  -> Document.mentions
    when    -> EventMention.date
    merge   -> Event (corpus level)

What a stage hands on besides those fields, its side data, goes in `Document.meta` under the
stage's name, typed by `SideData` ("Side data" below): clean's outlet credits, actors' roles
and coreference, places' non-event toponyms, events' denials, when's inferred years.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

__all__ = [
    "PLOVER_TYPES",
    "SegmentKind",
    "RawDocument",
    "Span",
    "Segment",
    "PubDate",
    "Sentence",
    "Entity",
    "ActorRef",
    "Place",
    "TimeRef",
    "Count",
    "Size",
    "Evidence",
    "Attribution",
    "EventMention",
    "Claim",
    "DisputeValue",
    "Dispute",
    "Event",
    "DocError",
    "Document",
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class SegmentKind(str, Enum):
    # the member shadows str.title; the name is the stored value, so it stays
    title = "title"  # type: ignore[assignment]
    byline = "byline"
    body = "body"
    caption = "caption"
    comment = "comment"
    quote = "quote"
    related = "related"
    boilerplate = "boilerplate"


#: segments whose text may be cited as evidence of reporting
CITABLE_KINDS = frozenset({SegmentKind.title, SegmentKind.body, SegmentKind.caption})


class RawDocument(_Model):
    """What ingest read: decoded text plus whatever the container told us."""

    id: str  # sha256 hex of the raw bytes (or of the JSONL record)
    uri: str  # file path, file path#line, or WARC record URI
    media_type: str  # text/plain | text/html
    text: str  # decoded content (HTML source for text/html)
    encoding: str = "utf-8"
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by the container (JSONL field, WARC header)
    hints: dict[str, Any] = Field(default_factory=dict)


class Span(_Model):
    start: int
    end: int
    text: str


class Segment(_Model):
    kind: SegmentKind
    start: int
    end: int
    lang: str = "und"  # en | ar | other | und
    author: str | None = None
    time: str | None = None  # as written ("28 minutes ago")


class PubDate(_Model):
    value: str  # ISO date; when year_known is false the year is a placeholder, see granularity
    granularity: str = "day"  # day | month | year
    year_known: bool = True
    evidence: Span | None = None
    source: str = "text"  # container | text | html-meta | capture (WARC date, the last resort)


class Sentence(_Model):
    start: int
    end: int
    segment: int  # index into Document.segments


class Entity(_Model):
    start: int
    end: int
    label: str  # spaCy label (PERSON, ORG, GPE, LOC, FAC, NORP, DATE, ...)
    text: str
    source: str = "ner"  # ner | ruler


class ActorRef(_Model):
    name: str
    actor_id: str | None = None
    country: str | None = None  # ISO-3
    sector: str | None = None  # PLOVER sector code (GOV, MIL, REB, ...)
    wikidata: str | None = None
    matched_alias: str | None = None
    provisional: bool = False
    start: int | None = None
    end: int | None = None


class Place(_Model):
    name: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None  # ISO-2, as GeoNames
    feature_code: str | None = None
    precision: str = "town"  # exact | near | town | region | country
    start: int | None = None
    end: int | None = None


#: `EventMention.time.reason` when the events stage found dates in the sentence but none of them
#: dates the event (they date a clause it governs): the when stage then dates it by publication
NO_OWN_DATE = "no date of its own: the sentence's dates belong to a clause the event governs"
#: start of a `TimeRef.reason` for an act its clause tells as past background without a date
#: ("previously", "in past tensions", "for years"; `when.background`): the merge marks an event
#: told only so as historical (`merge.aggregate`)
PAST_REFERENCE = "past reference"


class TimeRef(_Model):
    text: str | None = None
    start: int | None = None
    end: int | None = None
    value: str | None = None  # ISO date
    end_value: str | None = None
    granularity: str = "day"  # day | week | month | year
    type: str = "unresolved"  # exact | approximate | range | unresolved
    reason: str = ""

    def as_record(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "end": self.end_value,
            "granularity": self.granularity,
            "type": self.type,
            "reason": self.reason,
        }


class Count(_Model):
    low: int | None = None
    best: int | None = None
    high: int | None = None


class Size(_Model):
    dead: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None


class Evidence(_Model):
    text: str
    segment: str  # SegmentKind value
    start: int
    end: int


class Attribution(_Model):
    speaker: str | None = None  # None: the outlet itself
    speaker_actor: ActorRef | None = None
    cue: str | None = None  # "said", "denied", "according to"
    stance: str = "report"  # assert | deny | report


class EventMention(_Model):
    id: str  # stable: hash of document id + trigger offsets
    document_id: str
    event_type: str  # PLOVER type
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    trigger: Span
    actors: list[ActorRef] = Field(default_factory=list)
    recipients: list[ActorRef] = Field(default_factory=list)
    place: Place | None = None
    time: TimeRef | None = None  # the expression attached by the events stage
    date: TimeRef | None = None  # resolved by the when stage
    size: Size = Field(default_factory=Size)
    modality: str = "asserted"  # asserted | hedged | negated | planned | hypothetical
    attribution: Attribution = Field(default_factory=Attribution)
    evidence: Evidence
    confidence: float = 1.0
    opinion: bool = False  # from a forum comment: no claim by default
    # a noun that refers to an event as a known thing ("returned to the talks", "at Friday's
    # meeting", "the anniversary of the strikes"): it supports an event other mentions report,
    # but makes none on its own (merge.merge_events)
    reference: bool = False
    # ACLED sub-event code of the sentence (events.acled_model; names in data/events/acled_codes.tsv),
    # None when the classifier did not run or ACLED does not code this PLOVER type
    acled_code: str | None = None


class Claim(_Model):
    document_id: str
    outlet: str | None = None
    published: str | None = None
    speaker: str | None = None
    stance: str = "assert"
    # the mention's modality: a "planned" or "hypothetical" claim rides on the event without
    # saying it happened (merge.aggregate counts only asserted and hedged claims for status)
    modality: str = "asserted"
    evidence: Evidence
    mention_id: str | None = None
    source_group: str | None = None  # documents that are near-duplicates share one group


class DisputeValue(_Model):
    value: Any
    claims: list[int]


class Dispute(_Model):
    field: str
    values: list[DisputeValue]


class Event(_Model):
    id: str
    event_type: str
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    acled: dict[str, str | None] = Field(default_factory=dict)
    actors: list[ActorRef] = Field(default_factory=list)
    recipients: list[ActorRef] = Field(default_factory=list)
    date: TimeRef | None = None
    location: Place | None = None
    size: Size = Field(default_factory=Size)
    # reported | corroborated | contested (it happened, as far as the sources say) |
    # denied | planned | hypothetical (it did not, or not yet)
    status: str = "reported"
    modality: str = "asserted"
    claims: list[Claim] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    n_sources: int = 1
    mention_ids: list[str] = Field(default_factory=list)


class DocError(_Model):
    doc_id: str
    stage: str
    code: str  # greppable, e.g. E101
    message: str
    uri: str | None = None


# -- side data ---------------------------------------------------------------------------------
# What a stage hands on besides the typed fields: `Document.meta[<stage>]`. Each stage writes only
# its own entry; readers are later stages, evals and tests. tests/test_architecture.py checks on
# processed documents that every entry holds exactly the keys declared here.


class CleanSideData(TypedDict, total=False):
    """`meta["clean"]`: what the clean stage read besides the text."""

    outlet_text: str | None  # a wire or copyright credit in the text ("Reuters")
    outlet_host: str | None  # the outlet its URL's host names
    sitename: str  # the site name of the HTML metadata (when it gives one)
    truncated: bool  # HTML only: the page was cut at the size limit before extraction
    pubdate_year_from: str  # where a publication date read without its year got it


class ActorRole(TypedDict):
    """A person's role in a group ("X's spokesman Y"); indexes into doc.actors."""

    person: int
    group: int
    role: str
    group_id: str | None


class ActorCoref(TypedDict):
    """A reference ("the group", "he") and the actor it refers to; indexes into doc.actors."""

    actor: int
    antecedent: int


class ProvisionalActor(TypedDict):
    """An actor the registry does not know, with the text around its first mention."""

    actor_id: str | None
    name: str
    context: str


class ActorsSideData(TypedDict):
    """`meta["actors"]`: roles, provisional actors, coreference and each actor's kind (by its
    index in doc.actors, as a string)."""

    roles: list[ActorRole]
    provisional: list[ProvisionalActor]
    coref: list[ActorCoref]
    kinds: dict[str, str]


class PlaceSpan(TypedDict):
    """A toponym that is no place of its own in doc.places, with its GeoNames id and country."""

    start: int
    end: int
    geonames_id: int | None
    country: str | None


class PlacesSideData(TypedDict):
    """`meta["places"]`: toponyms a geoparser counts but events never take as their place:
    demonyms ("Syrian"), places inside organisation names, modifiers ("Damascus office") and
    named buildings."""

    demonyms: list[PlaceSpan]
    embedded: list[PlaceSpan]
    modifiers: list[PlaceSpan]
    facilities: list[PlaceSpan]


class EventsSideData(TypedDict):
    """`meta["events"]`: denial mention id -> the id of the mention it denies."""

    denies: dict[str, str]


class WhenSideData(TypedDict):
    """`meta["when"]` (only when the publication date has no stated year): the evidence the
    anchor's year was inferred from."""

    publication_year_known: bool
    year_inferred_from: str | None


class SideData(TypedDict, total=False):
    """`Document.meta`: each stage's side data under its name."""

    clean: CleanSideData
    actors: ActorsSideData
    places: PlacesSideData
    events: EventsSideData
    when: WhenSideData


if TYPE_CHECKING:
    _Meta = SideData
else:
    # a plain dict to pydantic: side data is neither validated nor filtered when a document is
    # built, and round-trips through JSON (scale/rows.py) exactly as the stages wrote it
    _Meta = dict[str, Any]


def _no_side_data() -> SideData:
    return {}


class Document(_Model):
    """A document as it flows through the per-document stages."""

    id: str
    uri: str
    media_type: str = "text/plain"
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    text: str = ""
    segments: list[Segment] = Field(default_factory=list)
    published: PubDate | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    actors: list[ActorRef] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    mentions: list[EventMention] = Field(default_factory=list)
    errors: list[DocError] = Field(default_factory=list)
    meta: _Meta = Field(default_factory=_no_side_data)  # SideData

    # spaCy Doc per segment index; not serialised, lives only within one process
    _spacy: dict[int, Any] = PrivateAttr(default_factory=dict)

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None

    def segment_text(self, index: int) -> str:
        seg = self.segments[index]
        return self.text[seg.start : seg.end]
