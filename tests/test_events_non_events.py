"""Statements that are not events (issue 14, stop 28), each class on sentences written for this
test: a class of people doing something as a rule, the outlet gathering its news, "demonstrate"
meaning show, a thing classed as a quality, a gerund as a topic, a commentator's guess, agreeing
with an opinion and a label in a free relative. Each class has its near misses beside it: the
same words telling one occasion stay an event."""

from __future__ import annotations


import pytest

from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline

pytestmark = pytest.mark.slow

#: a headline and a first paragraph, so the sentence under test is body text (a headline tells
#: past acts in the present simple and is exempt from the generic rule)
_LEAD = (
    "Regional news roundup for the week\n\nThe weekly report covers several regions and topics.\n\n"
)


def _types(pipe: Pipeline, text: str, lead: str = _LEAD) -> list[str]:
    raw = RawDocument(
        id="t", uri="t", media_type="text/plain", text=lead + text, published="2025-03-10"
    )
    doc = pipe(raw).document
    assert doc is not None
    return [m.event_type for m in doc.mentions]


# ---- a class of people or things that does the act as a rule


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Young activists who criticize the ministry quickly lose their jobs.", "ACCUSE"),
        (
            "Smuggling networks cooperate with corrupt border officials, the report said.",
            "COOPERATE",
        ),
        ("Pop singers who praise the regime receive generous state pensions.", "SUPPORT"),
        ("Most farmers borrow money when seeking new land for their herds.", "REQUEST"),
        ("Economists are urging households to save more of their income.", "REQUEST"),
        ("The city is admired by tourists and those backing its new transit plan.", "SUPPORT"),
    ],
)
def test_a_class_doing_something_as_a_rule_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # one occasion: a past tense, a date, a named place, a particular group
        ("Young activists criticized the ministry on Monday.", "ACCUSE"),
        ("The activists who criticized the ministry were detained.", "ACCUSE"),
        ("Delegations continue peace talks in Geneva, the mediator said.", "CONSULT"),
        ("Three ministers praise the regime in a new video.", "SUPPORT"),
        ("Protesters are demanding the release of the detained journalists.", "REQUEST"),
        # the story's own state or armed party, and particular acts
        ("Officials blame the bombings on the rebels.", "ACCUSE"),
        ("Authorities attribute the attacks to drug traffickers.", "ASSAULT"),
        ("Most of those occupying the embassy are women.", "COERCE"),
    ],
)
def test_the_same_words_on_one_occasion_stay_an_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


def test_a_headline_tells_a_past_act_in_the_present(pipe: Pipeline) -> None:
    lead = "Regional news\n\n"
    text = "Lawmakers Criticize Ministry Over Fuel Prices\n\nLawmakers criticized the ministry."
    assert "ACCUSE" in _types(pipe, text, lead=lead)


# ---- the outlet gathering the news


@pytest.mark.parametrize(
    "text",
    [
        "Reuters spoke with a dozen residents who described the fighting.",
        "A VOA reporter met with farmers in the village last week.",
        "The ministry did not respond to a Reuters request for comment.",
        "A nurse, who spoke with VOA on condition of anonymity, described the shortages.",
    ],
)
def test_gathering_the_news_is_no_event(pipe: Pipeline, text: str) -> None:
    types = _types(pipe, text)
    assert "CONSULT" not in types and "REQUEST" not in types


def test_an_interview_label_is_not_the_visitor(pipe: Pipeline) -> None:
    text = "VOA: The foreign minister visited Beijing after the election."
    assert "CONSULT" in _types(pipe, text)


# ---- word senses


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The new figures demonstrate that the reforms are working.", "PROTEST"),
        ("We must demonstrate the benefits of the trade pact to voters.", "PROTEST"),
        ("Most countries do not recognize cryptocurrency as legal.", "REJECT"),
        ("Negotiating with kidnappers is considered a crime in many countries.", "CONSULT"),
        ("Meeting with opposition leaders is regarded as treason by the junta.", "CONSULT"),
        ("She says providing food for the refugees is proving difficult.", "AID"),
    ],
)
def test_a_word_in_another_sense_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Thousands demonstrated in the capital on Sunday against the new law.", "PROTEST"),
        ("Russia recognized the Taliban as the legitimate government on Thursday.", "SUPPORT"),
        ("Fighting in the north has forced thousands to flee.", "ASSAULT"),
        ("Fighting in the north was fierce on Tuesday.", "ASSAULT"),
    ],
)
def test_the_event_sense_stays(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


# ---- speculation and evaluation


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        (
            "The generals probably intend to use the decree against the press, analysts say.",
            "AGREE",
        ),
        ("A teacher in the capital said she agreed with the minister's concerns.", "AGREE"),
        ("The army shelled what it called terrorist positions near the border.", "ACCUSE"),
    ],
)
def test_a_guess_an_opinion_or_a_label_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


def test_agreeing_on_a_deal_stays_an_event(pipe: Pipeline) -> None:
    assert "AGREE" in _types(pipe, "The two sides agreed on a ceasefire on Tuesday.")


# ---- a text or a measure aims, it never attacks (stop 29)


@pytest.mark.parametrize(
    "text",
    [
        "The parliament approved a bill on Monday targeting foreign-funded charities.",
        "Sanctions targeting the country's central bank took effect on Friday.",
        "The new law targets opposition newspapers and their editors.",
    ],
)
def test_a_text_or_measure_is_no_assailant(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" not in _types(pipe, text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen targeting a police convoy killed three officers on Monday.",
        "Militants targeted a police convoy near the border on Monday.",
    ],
)
def test_people_targeting_people_attack(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" in _types(pipe, text)


# ---- an event noun as a label put on something (stop 29)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The opposition leader condemned the decree as an attack on the free press.", "ASSAULT"),
        ("The minister described the arrests as a warning to other activists.", "THREATEN"),
        ("The arrest served as a warning to other journalists.", "THREATEN"),
    ],
)
def test_a_label_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


def _triggers(pipe: Pipeline, text: str) -> list[str]:
    raw = RawDocument(
        id="t", uri="t", media_type="text/plain", text=_LEAD + text, published="2025-03-10"
    )
    doc = pipe(raw).document
    assert doc is not None
    return [m.trigger.text for m in doc.mentions]


@pytest.mark.parametrize(
    "text",
    [
        # a label on a happening told without a type is what types it
        "The explosion targeted a bakery on the main street, in what the president called an attack.",
        "On Friday, the president called the explosion an attack.",
        "The prime minister condemned the blast as a terrorist attack.",
    ],
)
def test_a_label_that_types_a_happening_stays(pipe: Pipeline, text: str) -> None:
    assert "attack" in _triggers(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # what the label is put on stays an event; a label that ranks one occasion is one
        ("The arrest served as a warning to other journalists.", "COERCE"),
        ("He described it as the deadliest attack on the town since 2019.", "ASSAULT"),
        ("There was an attack on a police post in the north on Sunday.", "ASSAULT"),
    ],
)
def test_what_is_labelled_and_a_ranked_occasion_stay(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


# ---- a physical act in the present simple is a habit (stop 29)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The group kills anyone who refuses to pay.", "ASSAULT"),
        ("They tend to hide in the hills, and they attack farms and steal cattle.", "ASSAULT"),
        ("The army detains suspects without charge and denies them lawyers.", "COERCE"),
        ("Smugglers say the militia abducts migrants who cannot pay.", "ASSAULT"),
    ],
)
def test_a_physical_act_in_the_present_simple_is_a_habit(
    pipe: Pipeline, text: str, typ: str
) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # a date or a place of its own (a caption), a headline's style, a past tense, a said act
        ("Police arrest protesters in Harare, March 5, 2025.", "COERCE"),
        ("Gunmen kill five soldiers", "ASSAULT"),
        # a restriction in force is told in the present
        ("The army does not allow aid agencies to reach the villages.", "COERCE"),
        ("The army detained suspects without charge on Monday.", "COERCE"),
        ('"We reject the charges," the spokesman said.', "REJECT"),
    ],
)
def test_an_occasion_or_a_said_act_in_the_present_stays(
    pipe: Pipeline, text: str, typ: str
) -> None:
    assert typ in _types(pipe, text)


# ---- "hit" with a degree: who suffers most, not a strike (stop 29)


@pytest.mark.parametrize(
    "text",
    [
        "Small farmers will be the hardest hit if the government cuts subsidies.",
        "Coastal villages were badly hit by the drought last year.",
    ],
)
def test_hardest_hit_is_no_assault(pipe: Pipeline, text: str) -> None:
    types = _types(pipe, text)
    assert "ASSAULT" not in types and "THREATEN" not in types


@pytest.mark.parametrize(
    "text",
    [
        "Russian missiles hit the city hard on Tuesday.",
        "A rocket hit a school in the town on Monday.",
    ],
)
def test_a_strike_that_hit_stays(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" in _types(pipe, text)


# ---- a trigger word inside a proper name (stop 30)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Fighters of the Southern Resistance Alliance of Kivu entered the town.", "AGREE"),
        ("Officials of the Eastern Peace Accord Commission visited the camp last week.", "AGREE"),
        ("Lawyers from the Bar Association for Legal Assistance visited the prison.", "AID"),
    ],
)
def test_a_word_of_a_name_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # the name's head is the occurrence itself
        ("Talks collapsed at the Geneva Summit last year.", "CONSULT"),
        # the same word, not capitalised, in a sentence of its own
        ("The two factions signed a peace accord in Goma on Monday.", "AGREE"),
    ],
)
def test_a_name_of_the_occurrence_or_a_common_word_stays(
    pipe: Pipeline, text: str, typ: str
) -> None:
    assert typ in _types(pipe, text)


# ---- a relation in a participle that describes a noun (stop 30)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Militias aiding the rebels have entered the province, the minister said.", "AID"),
        ("Lawmakers backing the former governor lost their seats in March.", "SUPPORT"),
        ("Police questioned two traders cooperating with the smugglers.", "COOPERATE"),
    ],
)
def test_a_relation_describing_a_noun_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # said support is an act; a verb with its own subject tells one
        ("The council adopted a resolution endorsing the peace plan on Monday.", "SUPPORT"),
        ("Neighbouring states are aiding the rebels with weapons, the report said.", "AID"),
    ],
)
def test_said_or_told_support_stays(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


# ---- an act named as a topic: "it was a mistake to support", "like supporting" (stop 30)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ('"It was wrong to support the junta," the senator said.', "SUPPORT"),
        ("It is important to cooperate with neighbouring states, the minister said.", "COOPERATE"),
        ("The party has unpopular policies like supporting the armed groups.", "SUPPORT"),
        ("They held a long debate about arming the local militias.", "AID"),
    ],
)
def test_an_act_named_as_a_topic_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("He was arrested on Monday for supporting the armed groups.", "COERCE"),
        ("The government decided to support the armed groups.", "SUPPORT"),
        ("The army supported the militias with artillery on Friday.", "SUPPORT"),
    ],
)
def test_an_act_with_a_doer_or_a_time_stays(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


# ---- "strike" with an abstract object: reach or hit upon it (stop 30)


@pytest.mark.parametrize(
    "text",
    [
        "The two parties struck a deal on water rights on Monday.",
        "The envoy struck a conciliatory tone in his speech.",
        "We struck on the idea of driving to the border.",
    ],
)
def test_struck_a_deal_is_no_assault(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" not in _types(pipe, text)


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck a convoy near the border on Monday.",
        "A drone struck the house of a militia leader.",
    ],
)
def test_struck_a_target_stays(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" in _types(pipe, text)


# ---- a struggle with a social ill (stop 38)


@pytest.mark.parametrize(
    "text",
    [
        "The administration has made clear that fighting global corruption is a priority.",
        "The sanctions are part of a drive by the new administration to fight corruption.",
        "The ministry fought disinformation about the vaccine on social media last month.",
        "The police battled drug trafficking in the port city last year.",
        "Kenya has been fighting terrorism along its border with Somalia for years.",
    ],
)
def test_fighting_a_social_ill_is_no_assault(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" not in _types(pipe, text)


@pytest.mark.parametrize(
    "text",
    [
        "Government troops fought the rebels near Goma on Monday.",
        "Soldiers battled militants in the hills outside the town on Tuesday.",
    ],
)
def test_fighting_an_armed_group_stays(pipe: Pipeline, text: str) -> None:
    assert "ASSAULT" in _types(pipe, text)


# ---- settling in a place, agreeing in words, asking a question (stop 39)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("After the war, thousands of refugees settled in Jordan.", "AGREE"),
        ("The families who settled in the northern town still fear the militia.", "AGREE"),
        ("They have settled there with their children since 2019.", "AGREE"),
        ('"The worst is still ahead of us," agreed Amina Yusuf, a nurse in Mogadishu.', "AGREE"),
        ('"Who will pay for the reconstruction?" the mayor asked.', "REQUEST"),
        ("Asked by reporters whether the talks had failed, the envoy said no.", "REQUEST"),
    ],
)
def test_a_home_a_shared_view_or_a_question_is_no_event(
    pipe: Pipeline, text: str, typ: str
) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The two companies settled the dispute out of court on Monday.", "AGREE"),
        ("The rebels and the army agreed to a truce in Goma on Monday.", "AGREE"),
        ("The minister asked parliament to approve the emergency budget on Monday.", "REQUEST"),
        ("Kenya asked Somalia for the return of the detained fishermen.", "REQUEST"),
    ],
)
def test_a_settlement_an_agreement_or_a_request_stays(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)


# ---- no answer to the press (stop 39)


@pytest.mark.parametrize(
    "text",
    [
        "The interior ministry refused to comment on the arrests.",
        "A spokesman for the governor declined to respond to questions from reporters.",
    ],
)
def test_no_comment_is_no_rejection(pipe: Pipeline, text: str) -> None:
    assert "REJECT" not in _types(pipe, text)


def test_refusing_to_attend_stays(pipe: Pipeline) -> None:
    assert "REJECT" in _types(pipe, "Kenya refused to attend the hearing at the court in March.")


# ---- a danger foretold (stop 39)


@pytest.mark.parametrize(
    "text",
    [
        "Army commanders warned in March of a possible rebel resurgence in the east.",
        "The health minister warned against travel to the border districts on Monday.",
    ],
)
def test_a_danger_foretold_is_no_threat(pipe: Pipeline, text: str) -> None:
    assert "THREATEN" not in _types(pipe, text)


def test_warning_a_party_of_consequences_stays(pipe: Pipeline) -> None:
    text = "Ankara warned Washington of severe consequences if it imposed sanctions on Monday."
    assert "THREATEN" in _types(pipe, text)


# ---- publishing frees no one (stop 39)


@pytest.mark.parametrize(
    "text",
    [
        "The army released a statement on Monday denying the raid.",
        "In a video message released Sunday, the governor thanked the volunteers.",
        "The survey, released this month by the statistics office, shows falling incomes.",
    ],
)
def test_a_text_released_is_no_retreat(pipe: Pipeline, text: str) -> None:
    assert "RETREAT" not in _types(pipe, text)


def test_hostages_released_stay(pipe: Pipeline) -> None:
    text = "The militants released twelve hostages near the border on Monday."
    assert "RETREAT" in _types(pipe, text)


# ---- a natural hazard or an epidemic as the doer (stop 31)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The cyclone displaced more than 4,000 people in the coastal districts.", "COERCE"),
        (
            "Hurricane Delia slammed into the island on Monday, destroying hundreds of homes.",
            "ASSAULT",
        ),
        ("Floods forced thousands of families from their homes last week.", "COERCE"),
        (
            "Cyclones Ana and Tomas hit the region in January. The port town was struck by "
            "Tomas in February, officials said.",
            "ASSAULT",
        ),
    ],
)
def test_a_hazard_as_doer_is_no_event(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ not in _types(pipe, text)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Soldiers displaced more than 4,000 people in the coastal districts.", "COERCE"),
        ("Rebels attacked the island's port on Monday, destroying hundreds of homes.", "ASSAULT"),
        ("Militants struck the port town in February, officials said.", "ASSAULT"),
    ],
)
def test_a_human_doer_of_the_same_act_stays(pipe: Pipeline, text: str, typ: str) -> None:
    assert typ in _types(pipe, text)
