"""WhenStage on hand-built Documents: the cascade mention.time -> sentence -> publication date."""

from __future__ import annotations

from claimgraph.model import (
    Document,
    Entity,
    EventMention,
    Evidence,
    PubDate,
    Span,
    TimeRef,
)
from claimgraph.when import WhenStage, find_time_expressions, guess_tense


def _doc(
    text: str,
    published: PubDate | None,
    trigger: str,
    time: str | None = None,
    modality: str = "asserted",
    entities: list[Entity] | None = None,
) -> Document:
    ts = text.index(trigger)
    sent_start = text.rfind(". ", 0, ts)
    sent_start = 0 if sent_start < 0 else sent_start + 2
    sent_end = text.find(". ", ts)
    sent_end = len(text) if sent_end < 0 else sent_end + 1
    tref = None
    if time is not None:
        s = text.index(time, sent_start)
        tref = TimeRef(text=time, start=s, end=s + len(time))
    m = EventMention(
        id="m1",
        document_id="d1",
        event_type="ASSAULT",
        trigger=Span(start=ts, end=ts + len(trigger), text=trigger),
        time=tref,
        modality=modality,
        evidence=Evidence(
            text=text[sent_start:sent_end], segment="body", start=sent_start, end=sent_end
        ),
    )
    return Document(
        id="d1", uri="mem:d1", text=text, published=published, mentions=[m], entities=entities or []
    )


def _pub(value: str, **kw: object) -> PubDate:
    return PubDate(value=value, **kw)  # type: ignore[arg-type]


def test_when_stage_protocol() -> None:
    st = WhenStage()
    assert st.name == "when"
    assert "mentions" in st.requires


def test_when_stage_alloush_friday() -> None:
    text = "Zahran Alloush was killed in an air strike on Friday, the group said."
    doc = WhenStage()(_doc(text, _pub("2015-12-26"), "air strike", time="Friday"))
    d = doc.mentions[0].date
    assert d is not None
    assert (d.value, d.granularity, d.type) == ("2015-12-25", "day", "exact")
    assert d.reason == "'Friday' before 2015-12-26"
    assert d.text == "Friday" and text[d.start : d.end] == "Friday"


def test_when_stage_albu_kamal_sentence_fallback() -> None:
    # no time attached by the events stage: found in the sentence by our patterns
    text = "Syrian troops captured Albu Kamal on Wednesday, state media said. It was the last town."
    doc = WhenStage()(_doc(text, _pub("2017-11-09"), "captured"))
    d = doc.mentions[0].date
    assert d is not None and d.value == "2017-11-08" and d.type == "exact"
    assert d.text == "on Wednesday"


def test_when_stage_douma_same_day() -> None:
    text = "On Tuesday, Jaysh al-Islam denied that it had agreed to leave Douma."
    doc = WhenStage()(_doc(text, _pub("2018-03-27"), "denied"))
    d = doc.mentions[0].date
    assert d is not None and d.value == "2018-03-27"


def test_when_stage_uses_spacy_date_entity() -> None:
    text = "Rebels shelled the town in early March 2016, residents said."
    s = text.index("early March 2016")
    ents = [Entity(start=s, end=s + len("early March 2016"), label="DATE", text="early March 2016")]
    doc = WhenStage()(_doc(text, _pub("2016-04-02"), "shelled", entities=ents))
    d = doc.mentions[0].date
    assert d is not None and (d.value, d.granularity, d.type) == (
        "2016-03-01",
        "month",
        "approximate",
    )


def test_when_stage_document_date_fallback() -> None:
    text = "Government forces shelled the suburb, activists said."
    doc = WhenStage()(_doc(text, _pub("2016-02-10"), "shelled"))
    d = doc.mentions[0].date
    assert d is not None
    assert (d.value, d.granularity, d.type) == ("2016-02-10", "week", "approximate")
    assert "publication date" in d.reason


def test_when_stage_future_tense() -> None:
    text = "The two sides will meet on Monday in Geneva, the envoy said."
    doc = WhenStage()(_doc(text, _pub("2015-12-26"), "meet", time="on Monday", modality="planned"))
    d = doc.mentions[0].date
    assert d is not None and d.value == "2015-12-28"
    # the same without the modality flag: the "will" cue is enough
    doc = WhenStage()(_doc(text, _pub("2015-12-26"), "meet", time="on Monday"))
    assert doc.mentions[0].date is not None and doc.mentions[0].date.value == "2015-12-28"


def test_when_stage_never_after_publication_for_past() -> None:
    text = "Rebels attacked the base on January 5, 2016, officials said."
    doc = WhenStage()(_doc(text, _pub("2015-12-26"), "attacked"))
    d = doc.mentions[0].date
    assert d is not None and d.value is not None and d.value <= "2015-12-26"
    assert d.type == "approximate" and "after the publication date" in d.reason


def test_when_stage_no_year_publication_date_not_invented() -> None:
    # "Apr 18" with no year: no full date in the text, so no year is made up
    text = "Militants attacked a checkpoint on Friday, police said."
    pub = _pub("1900-04-18", year_known=False)
    doc = WhenStage()(_doc(text, pub, "attacked", time="on Friday"))
    d = doc.mentions[0].date
    assert d is not None and d.value is None and d.type == "unresolved"
    assert "no year" in d.reason
    assert doc.meta["when"]["publication_year_known"] is False


def test_when_stage_no_year_inferred_from_text_is_approximate() -> None:
    text = "Militants attacked a checkpoint yesterday. The town fell on March 2, 2017 to the army."
    pub = _pub("1900-04-18", year_known=False)
    doc = WhenStage()(_doc(text, pub, "attacked", time="yesterday"))
    d = doc.mentions[0].date
    assert d is not None and d.value == "2017-04-17" and d.type == "approximate"
    assert "March 2, 2017" in d.reason


def test_when_stage_no_publication_date() -> None:
    text = "Rebels attacked the base on Friday, officials said."
    doc = WhenStage()(_doc(text, None, "attacked", time="on Friday"))
    d = doc.mentions[0].date
    assert d is not None and d.type == "unresolved" and d.value is None
    text = "Rebels attacked the base on April 9, 2015, officials said."
    doc = WhenStage()(_doc(text, None, "attacked", time="on April 9, 2015"))
    d = doc.mentions[0].date
    assert d is not None and d.value == "2015-04-09" and d.type == "exact"


def test_when_find_and_tense() -> None:
    s = "The FAA on Friday announced it will close 149 towers starting on April 7."
    found = [s[a:b] for a, b in find_time_expressions(s)]
    assert found == ["on Friday", "April 7"]
    a = s.index("on Friday")
    assert guess_tense(s, a, a + 9) == "past"
    a = s.index("April 7")
    assert guess_tense(s, a, a + 7) == "future"
    assert find_time_expressions("Officials may meet soon.") == []


def test_when_stage_coarse_publication_date() -> None:
    # publication date known to the month only: "Friday" cannot be pinned below the month
    text = "Rebels attacked the base on Friday, officials said. It fell on March 3, 2016."
    doc = WhenStage()(
        _doc(text, _pub("2016-03-01", granularity="month"), "attacked", time="on Friday")
    )
    d = doc.mentions[0].date
    assert d is not None and (d.value, d.granularity, d.type) == (
        "2016-03-01",
        "month",
        "approximate",
    )
    # an absolute date inside the publication month is not "after the publication date"
    doc = WhenStage()(
        _doc(text, _pub("2016-03-01", granularity="month"), "fell", time="on March 3, 2016")
    )
    d = doc.mentions[0].date
    assert d is not None and (d.value, d.type) == ("2016-03-03", "exact")
