"""Speaker resolution over fictional articles: each source span resolved through the article by the real pipeline."""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.tokens import Doc

from stancemap.actors.resolve import Mention
from stancemap.attribution.speakers import UNKNOWN, Speaker, _Article, _implied_source, resolve_speakers
from stancemap.nlp import load_nlp

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

# Fictional people, places and outlets; realistic wire copy with the constructions the resolver has to handle.
CEASEFIRE = """Foreign Minister Ann Li said on Monday that the talks in Varno would resume next week. She added that \
the ceasefire "must hold" until then.

Jane Roe, a fellow at the Centre for Maritime Policy, said the plan was flawed. "I have read every draft," Roe said. \
"None of them deals with the ports."

A bipartisan group of senators wrote to the minister on Tuesday. The senators said the deal was premature.

Two people familiar with the talks said the draft had stalled. A defence official who spoke on condition of \
anonymity said the ships would stay.

The Kremlin said it would respond. Mr. Peter Holm, who chairs the committee, warned against haste. He said the vote \
should wait. The minister later said the offer stood."""

# Two people of different gender in one paragraph: the pronoun follows gender and the previous speaker, not the
# nearest name; the organisation is "it".
HARBOUR = """Mayor Tom Brandt clashed with Councillor Maria Esteves over the harbour budget on Wednesday.

Esteves said the city could not afford the dredging. Brandt rejected the claim, saying the port would pay for \
itself. She insisted that the figures did not add up.

The Harbour Authority said in a statement that it had not been consulted. According to the authority, the \
dredging would take two years.

Brandt's campaign issued a rebuttal on Thursday. His spokesman said the mayor stood by every figure.

The Harbour Pilots Association backed the dredging. A union representing harbour pilots had warned in May that \
larger ships could not dock safely."""


def _span(text: str, words: str, nth: int = 1) -> tuple[int, int]:
    found = list(re.finditer(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text))
    return found[nth - 1].span()


@pytest.fixture(scope="module")
def ceasefire() -> dict[str, Speaker]:
    text = CEASEFIRE
    sources = {
        "title": _span(text, "Foreign Minister Ann Li"),
        "she": _span(text, "She"),
        "appositive": _span(text, "Jane Roe, a fellow at the Centre for Maritime Policy,"),
        "i_in_quote": _span(text, "I"),
        "short_name": _span(text, "Roe", 2),
        "group_intro": _span(text, "A bipartisan group of senators"),
        "group_again": _span(text, "The senators"),
        "anonymous_people": _span(text, "Two people familiar with the talks"),
        "who_anonymous": _span(text, "who"),
        "kremlin": _span(text, "The Kremlin"),
        "it": _span(text, "it"),
        "who_name": _span(text, "who", 2),
        "he": _span(text, "He"),
        "the_minister": _span(text, "The minister"),
    }
    speakers = resolve_speakers(load_nlp()(text), list(sources.values()), date(2024, 3, 14))
    return dict(zip(sources, speakers, strict=True))


@pytest.fixture(scope="module")
def harbour() -> dict[str, Speaker]:
    text = HARBOUR
    sources: dict[str, tuple[int, int] | None] = {
        "esteves": _span(text, "Esteves", 2),
        "brandt": _span(text, "Brandt", 2),
        "she": _span(text, "She"),
        "authority": _span(text, "The Harbour Authority"),
        "it": _span(text, "it"),
        "the_authority": _span(text, "the authority"),
        "no_source": None,
        "his_spokesman": _span(text, "His spokesman"),
        "pilots": _span(text, "The Harbour Pilots Association"),
        "described": _span(text, "A union representing harbour pilots"),
    }
    speakers = resolve_speakers(load_nlp()(text), list(sources.values()), date(2024, 3, 14))
    return dict(zip(sources, speakers, strict=True))


def test_speakers_title_before_a_name_is_the_role(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["title"] == Speaker("Ann Li", "person", "Foreign Minister", False)


def test_speakers_pronoun_resolves_to_the_previous_speaker(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["she"] == Speaker("Ann Li", "person", "Foreign Minister", False)


def test_speakers_appositive_gives_the_role(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["appositive"] == Speaker("Jane Roe", "person", "a fellow at the Centre for Maritime Policy", False)


def test_speakers_first_person_in_a_quote_is_the_quotes_speaker(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["i_in_quote"].name == "Jane Roe"


def test_speakers_short_name_is_the_full_name_met_earlier(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["short_name"] == Speaker("Jane Roe", "person", "a fellow at the Centre for Maritime Policy", False)


def test_speakers_group_introduced_earlier(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["group_intro"] == Speaker("senators", "group", None, False)
    assert ceasefire["group_again"] == Speaker("senators", "group", None, False)


def test_speakers_anonymous_descriptions(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["anonymous_people"] == Speaker(
        "anonymous: two people familiar with the talks", "anonymous", None, True
    )
    # "who" stands for the description it hangs from.
    assert ceasefire["who_anonymous"] == Speaker("anonymous: a defence official", "anonymous", None, True)


def test_speakers_metonym_keeps_the_articles_word(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["kremlin"] == Speaker("Kremlin", "organization", None, False)
    assert ceasefire["it"] == Speaker("Kremlin", "organization", None, False)


def test_speakers_relative_who_and_he_resolve_to_the_named_person(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["who_name"] == Speaker("Peter Holm", "person", None, False)
    assert ceasefire["he"] == Speaker("Peter Holm", "person", None, False)


def test_speakers_office_nominal_is_the_person_introduced_with_it(ceasefire: dict[str, Speaker]) -> None:
    assert ceasefire["the_minister"] == Speaker("Ann Li", "person", "Foreign Minister", False)


def test_speakers_pronoun_follows_gender_not_the_nearest_name(harbour: dict[str, Speaker]) -> None:
    assert harbour["esteves"] == Speaker("Maria Esteves", "person", "Councillor", False)
    assert harbour["brandt"] == Speaker("Tom Brandt", "person", "Mayor", False)
    assert harbour["she"].name == "Maria Esteves"


def test_speakers_organisation_and_it(harbour: dict[str, Speaker]) -> None:
    assert harbour["authority"] == Speaker("Harbour Authority", "organization", None, False)
    assert harbour["it"].name == "Harbour Authority"
    assert harbour["the_authority"].name == "Harbour Authority"


def test_speakers_organisation_described_by_its_name_words(harbour: dict[str, Speaker]) -> None:
    assert harbour["pilots"] == Speaker("Harbour Pilots Association", "organization", None, False)
    assert harbour["described"] == Speaker("Harbour Pilots Association", "organization", None, False)


def test_speakers_no_source_is_unknown(harbour: dict[str, Speaker]) -> None:
    assert harbour["no_source"] == UNKNOWN


def test_speakers_possessive_person_noun_is_anonymous(harbour: dict[str, Speaker]) -> None:
    assert harbour["his_spokesman"] == Speaker("anonymous: Tom Brandt's spokesman", "anonymous", None, True)


# Messier copy: non-breaking spaces, curly quotes, "we" inside a quotation, a campaign, "they" for a group, a
# relative "which" for an outlet, "according to".
CAMPAIGN = """Republican nominee\u00a0Gov.\u00a0Rachel Dunmore (R-Ohio) said on Sunday that her rival was "unfit".

“We are not going to apologise for telling the truth,” Dunmore told reporters in Akron. “We will win this.”

Dunmore’s campaign later said the remarks had been misquoted. Union leaders in Akron said they were unmoved. They \
said the plant closures mattered more than any apology.

The Akron Ledger, which first reported the remarks, stood by its story. According to the Ledger, the tape was \
shared by a campaign volunteer.

Dunmore called the story "a hit job". The article, published on Saturday, quoted three plant workers. The \
Republican nominee said on Monday that she would not sue."""


@pytest.fixture(scope="module")
def campaign() -> dict[str, Speaker]:
    text = CAMPAIGN
    sources = {
        "nbsp_title": _span(text, "Republican nominee\u00a0Gov.\u00a0Rachel Dunmore (R-Ohio)"),
        "we_in_quote": _span(text, "We"),
        "surname": _span(text, "Dunmore", 2),
        "campaign": _span(text, "Dunmore’s campaign"),
        "leaders": _span(text, "Union leaders in Akron"),
        "they": _span(text, "They"),
        "which": _span(text, "which"),
        "according_to": _span(text, "the Ledger"),
        "hit_job": _span(text, "Dunmore", 4),
        "article": _span(text, "The article"),
        "nominee": _span(text, "The Republican nominee"),
    }
    speakers = resolve_speakers(load_nlp()(text), list(sources.values()), date(2016, 9, 25))
    return dict(zip(sources, speakers, strict=True))


def test_speakers_title_across_odd_spaces(campaign: dict[str, Speaker]) -> None:
    assert campaign["nbsp_title"].name == "Rachel Dunmore"
    assert campaign["nbsp_title"].kind == "person"


def test_speakers_we_in_a_quote_is_its_speaker_named_after_it(campaign: dict[str, Speaker]) -> None:
    assert campaign["we_in_quote"].name == "Rachel Dunmore"
    assert campaign["surname"].name == "Rachel Dunmore"


def test_speakers_possessive_campaign_is_an_organisation(campaign: dict[str, Speaker]) -> None:
    assert campaign["campaign"] == Speaker("Dunmore campaign", "organization", None, False)


def test_speakers_they_is_the_group_before_it(campaign: dict[str, Speaker]) -> None:
    assert campaign["leaders"] == Speaker("Union leaders", "group", None, False)
    assert campaign["they"] == Speaker("Union leaders", "group", None, False)


def test_speakers_which_and_according_to_name_the_outlet(campaign: dict[str, Speaker]) -> None:
    assert campaign["which"] == Speaker("Akron Ledger", "organization", None, False)
    assert campaign["according_to"].name == "Akron Ledger"


def test_speakers_spans_naming_no_one_are_unknown() -> None:
    text = 'He said "yes." Then, they said nothing.'
    doc = load_nlp()(text)
    # Empty and punctuation-only spans, a pronoun with nothing before it, a span past the text's end.
    sources = [(0, 0), (13, 14), (0, 2), (len(text) - 3, len(text) + 5)]
    assert resolve_speakers(doc, sources) == [UNKNOWN] * len(sources)
    assert resolve_speakers(load_nlp()(""), [None]) == [UNKNOWN]


def test_speakers_the_article_is_its_outlet_not_the_last_speaker(campaign: dict[str, Speaker]) -> None:
    assert campaign["hit_job"].name == "Rachel Dunmore"
    assert campaign["article"] == Speaker("Akron Ledger", "organization", None, False)


def test_speakers_countries_capitals_and_governments() -> None:
    text = (
        "Russia said on Friday that the sanctions were illegal. Moscow also warned that it would retaliate. "
        "The Estvanian government said it would not back down."
    )
    sources = [_span(text, "Russia"), _span(text, "Moscow"), _span(text, "it"), _span(text, "The Estvanian government")]
    sources.append(_span(text, "it", 2))
    assert resolve_speakers(load_nlp()(text), sources) == [
        Speaker("Russia", "country", None, False),
        # A capital speaking is its government; the article's word for it stays the name.
        Speaker("Moscow", "organization", None, False),
        Speaker("Moscow", "organization", None, False),
        Speaker("Estvanian government", "organization", None, False),
        Speaker("Estvanian government", "organization", None, False),
    ]


def test_speakers_candidacy_nominal_is_the_candidate_of_the_passage(campaign: dict[str, Speaker]) -> None:
    assert campaign["nominee"].name == "Rachel Dunmore"


def test_speakers_second_reference_by_description() -> None:
    text = (
        "Vance Okafor, a property developer from Leeds, bought the club on Friday. Fans had protested for weeks. "
        "The billionaire said he would keep the stadium."
    )
    sources = [_span(text, "The billionaire"), _span(text, "he")]
    assert [s.name for s in resolve_speakers(load_nlp()(text), sources)] == ["Vance Okafor", "Vance Okafor"]


# A name in apposition after its description, a title the knowledge file lacks, a name the tagger may take for a
# place, and a quotation that runs on into a second paragraph.
LEVY = """The opposition leader, Ilse Varga, said the levy would drive shipping to other ports.

Transport Commissioner Bram Oduya disagreed. “The levy pays for the channel,” Oduya said on Thursday.

“I will not apologise for a fee that keeps the harbour open.

Shipping firms said they would take the case to court."""


@pytest.fixture(scope="module")
def levy() -> dict[str, Speaker]:
    text = LEVY
    sources = {
        "apposed_name": _span(text, "The opposition leader, Ilse Varga,"),
        "title": _span(text, "Oduya", 2),
        "i_next_paragraph": _span(text, "I"),
        "firms": _span(text, "Shipping firms"),
    }
    speakers = resolve_speakers(load_nlp()(text), list(sources.values()), date(2024, 5, 2))
    return dict(zip(sources, speakers, strict=True))


def test_speakers_name_in_apposition_after_its_description(levy: dict[str, Speaker]) -> None:
    assert levy["apposed_name"] == Speaker("Ilse Varga", "person", "opposition leader", False)


def test_speakers_title_as_written_when_knowledge_has_only_its_last_word(levy: dict[str, Speaker]) -> None:
    assert levy["title"] == Speaker("Bram Oduya", "person", "Transport Commissioner", False)


def test_speakers_quotation_running_on_is_its_earlier_speaker(levy: dict[str, Speaker]) -> None:
    assert levy["i_next_paragraph"].name == "Bram Oduya"


def test_speakers_plural_subject_is_a_group(levy: dict[str, Speaker]) -> None:
    assert levy["firms"] == Speaker("Shipping firms", "group", None, False)


def test_speakers_reduced_relative_clause_ends_the_source() -> None:
    text = "The budget passed on Friday. All the economists I interviewed said the deficit would grow."
    source = _span(text, "All the economists I interviewed")
    assert resolve_speakers(load_nlp()(text), [source]) == [Speaker("economists", "group", None, False)]


def test_speakers_members_of_a_group_acting_as_one_are_that_group_not_anonymous() -> None:
    text = (
        "A cross-party group of 38 members of the parliament urged the government on Thursday to drop the plan. "
        "The members said the science had not changed.\n\n"
        "A handful of members said they would abstain. A group of officials familiar with the talks said a vote "
        "was unlikely.\n\n"
        "A group of skippers, who travelled overnight, said their catches had fallen. The skippers said in a joint "
        "statement that they wanted the surveys stopped."
    )
    sources = [
        _span(text, "A cross-party group of 38 members of the parliament"),
        _span(text, "The members"),
        _span(text, "A handful of members"),
        _span(text, "A group of officials familiar with the talks"),
        _span(text, "The skippers"),
    ]
    assert resolve_speakers(load_nlp()(text), sources) == [
        Speaker("38 members of the parliament", "group", None, False),
        Speaker("38 members of the parliament", "group", None, False),
        # A quantity of members, or a group its description leaves unnamed, stays anonymous.
        Speaker("anonymous: a handful of members", "anonymous", None, True),
        Speaker("anonymous: a group of officials familiar with the talks", "anonymous", None, True),
        # ... and people named by a plural common noun are a group, even where the recogniser tags them a person.
        Speaker("skippers", "group", None, False),
    ]


def test_speakers_a_partys_members_are_the_party_and_counted_members_are_anonymous() -> None:
    text = (
        "Katrin Vey, leader of the Social Democratic Party, said the bill was rushed. The opposition Social "
        "Democrats rejected the plan within hours.\n\n"
        "Two senior Social Democrats, who spoke on condition of anonymity, said Vey had won the vote. Three Free "
        "Democrats said they would abstain."
    )
    sources = [
        _span(text, "The opposition Social Democrats"),
        _span(text, "Two senior Social Democrats"),
        _span(text, "Three Free Democrats"),
    ]
    assert resolve_speakers(load_nlp()(text), sources) == [
        # Members of a party the article names speak for it: one actor on the map.
        Speaker("Social Democratic Party", "organization", None, False),
        # A count of a party's members names nobody.
        Speaker("anonymous: two senior Social Democrats", "anonymous", None, True),
        Speaker("anonymous: three Free Democrats", "anonymous", None, True),
    ]
    # A party the article never names: its members are a group, not a person.
    text = "The bill passed its first reading. The opposition Social Democrats rejected the plan within hours."
    source = _span(text, "The opposition Social Democrats")
    assert resolve_speakers(load_nlp()(text), [source]) == [Speaker("Social Democrats", "group", None, False)]


def test_speakers_an_office_of_two_words_is_the_person_the_passage_is_about() -> None:
    text = (
        "Halvard Lind keeps a nodule on his desk. It came up from four kilometres down.\n\n"
        "\u201cPeople imagine we want to tear up the seabed,\u201d the chief executive of Korsa Minerals said on "
        "Saturday."
    )
    source = _span(text, "the chief executive of Korsa Minerals")
    assert resolve_speakers(load_nlp()(text), [source]) == [Speaker("Halvard Lind", "person", None, False)]


def test_speakers_his_ministry_is_the_ministers_ministry() -> None:
    text = (
        "A shopkeeper on the harbour front, who gave only his first name, Erik, said he would welcome the work.\n\n"
        "Industry Minister Tomas Reyle is due to visit Vennby on Wednesday. His ministry said on Thursday that he "
        "would meet the fishers' association.\n\n"
        "Foreign Minister Ann Li arrived on Monday. Her ministry said the talks would go on."
    )
    sources = [_span(text, "His ministry"), _span(text, "Her ministry")]
    # Not the last speaker's ("Erik ministry"): a ministry is a minister's, named from the office.
    assert resolve_speakers(load_nlp()(text), sources) == [
        Speaker("Industry Ministry", "organization", None, False),
        Speaker("Foreign Ministry", "organization", None, False),
    ]


def test_speakers_a_name_tagged_as_an_organisation_with_an_office_in_apposition_is_a_person() -> None:
    text = (
        "The coalition depends on the Green Alliance, whose ministers have defended the ban. Her caution did not "
        "satisfy the Green Alliance. Aron Fell, the party's co-leader, said on Wednesday that the Greens would leave "
        "the coalition.\n\nHe called the mining plan a disaster. The Green Alliance said it would vote against it."
    )
    sources = [
        _span(text, "Aron Fell, the party's co-leader,"),
        _span(text, "He"),
        _span(text, "The Green Alliance"),
    ]
    assert resolve_speakers(load_nlp()(text), sources) == [
        Speaker("Aron Fell", "person", "the party's co-leader", False),
        Speaker("Aron Fell", "person", "the party's co-leader", False),
        # A body whose apposition names its members' offices stays a body.
        Speaker("Green Alliance", "organization", None, False),
    ]
    text = (
        "The shift gives the government a majority without the Green Alliance, which reacted with fury. Aron Fell, "
        "the Greens' co-leader, accused Vey of selling the trench. He said his party would decide on Thursday."
    )
    sources = [_span(text, "Aron Fell, the Greens' co-leader,"), _span(text, "He")]
    assert [s.name for s in resolve_speakers(load_nlp()(text), sources)] == ["Aron Fell", "Aron Fell"]


def test_speakers_the_lawmakers_repeat_a_group_of_members_of_parliament() -> None:
    text = (
        "A cross-party group of 38 members of Estvany's parliament urged the government on Thursday to drop the "
        "plan. The lawmakers said the government had offered no evidence. The signatories called for a review.\n\n"
        "A group of senators wrote to the minister. Two representatives said the bill would fail. The senators "
        "said the deal was premature."
    )
    sources = [_span(text, "The lawmakers"), _span(text, "The signatories"), _span(text, "The senators")]
    assert resolve_speakers(load_nlp()(text), sources) == [
        Speaker("38 members of Estvany's parliament", "group", None, False),
        Speaker("38 members of Estvany's parliament", "group", None, False),
        # The same noun before a nearer other name for members of a legislature.
        Speaker("senators", "group", None, False),
    ]


def test_speakers_some_of_a_set_of_people_are_anonymous_sources_described_by_the_set() -> None:
    text = (
        "Vey's aides insisted that the party's opposition was unchanged. One of them, who asked not to be named, "
        "said the speech was a signal.\n\nOne of the aides said it was fine. Two of Vey's aides said it was over. "
        "Some of the protesters said they would stay. One of the senators, Jane Roe, said it was wrong."
    )
    sources = [
        _span(text, "who"),
        _span(text, "One of the aides"),
        _span(text, "Two of Vey's aides"),
        _span(text, "Some of the protesters"),
        _span(text, "One of the senators, Jane Roe,"),
    ]
    assert [(s.name, s.kind, s.anonymous) for s in resolve_speakers(load_nlp()(text), sources)] == [
        # "them" resolved first: the set is the aides named before.
        ("anonymous: one of Vey's aides", "anonymous", True),
        ("anonymous: one of the aides", "anonymous", True),
        ("anonymous: two of Vey's aides", "anonymous", True),
        ("anonymous: some of the protesters", "anonymous", True),
        # A name in apposition names the one.
        ("Jane Roe", "person", False),
    ]


def test_speakers_an_untagged_name_ending_in_a_company_noun_is_an_organisation() -> None:
    text = "Not everyone in Vennby is opposed. Korsa Minerals has said it would build a processing plant in the town."
    sources = [_span(text, "Korsa Minerals"), _span(text, "it")]
    assert resolve_speakers(load_nlp()(text), sources) == [Speaker("Korsa Minerals", "organization", None, False)] * 2


# A spokeswoman named after her description, a bracketed party tag before "who", officials an NER may take for an
# organisation, a bare "the company" and "the campaign" after fuller mentions.
TARIFFS = """Governor Lena Ostrow and Mayor Carl Feeney clashed again on Tuesday over the steel tariffs.

"This is not who we are," said Sen. Dana Whitlock (D-Ore.), who has not endorsed either of them.

Officials at the Commerce Department said they had not been briefed. A spokesman for Harlow Steel, Joe Pratt, said \
the plant would stay open. The company said it was reviewing the tariffs.

Ostrow campaign spokesman Brian Tull said the governor would visit the plant. The campaign said it had raised \
$5 million."""


@pytest.fixture(scope="module")
def tariffs() -> dict[str, Speaker]:
    text = TARIFFS
    sources = {
        "we": _span(text, "we"),
        "senator": _span(text, "Sen. Dana Whitlock (D-Ore.)"),
        "who": _span(text, "who", 2),
        "officials": _span(text, "Officials at the Commerce Department"),
        "they": _span(text, "they"),
        "spokesman": _span(text, "A spokesman for Harlow Steel, Joe Pratt,"),
        "company": _span(text, "The company"),
        "campaign_spokesman": _span(text, "Ostrow campaign spokesman Brian Tull"),
        "campaign": _span(text, "The campaign"),
    }
    speakers = resolve_speakers(load_nlp()(text), list(sources.values()), date(2018, 3, 7))
    return dict(zip(sources, speakers, strict=True))


def test_speakers_who_after_a_bracketed_party_tag(tariffs: dict[str, Speaker]) -> None:
    assert tariffs["we"].name == "Dana Whitlock"
    assert tariffs["senator"] == Speaker("Dana Whitlock", "person", "Sen.", False)
    assert tariffs["who"].name == "Dana Whitlock"


def test_speakers_officials_of_a_named_body_are_anonymous(tariffs: dict[str, Speaker]) -> None:
    officials = Speaker("anonymous: officials at the Commerce Department", "anonymous", None, True)
    assert tariffs["officials"] == officials
    assert tariffs["they"] == officials


def test_speakers_name_after_description_and_its_preposition(tariffs: dict[str, Speaker]) -> None:
    assert tariffs["spokesman"] == Speaker("Joe Pratt", "person", "A spokesman for Harlow Steel", False)


def test_speakers_definite_body_is_the_fuller_mention_before(tariffs: dict[str, Speaker]) -> None:
    assert tariffs["company"].name == "Harlow Steel"
    assert tariffs["campaign_spokesman"].name == "Brian Tull"
    assert tariffs["campaign"] == Speaker("Ostrow campaign", "organization", None, False)


def test_speakers_office_from_an_appositive_and_a_name_out_of_subject_position() -> None:
    text = (
        "Premier Ruth Calder campaigned for Martin Oake in Dunmere on Tuesday. The premier said the vote was about "
        "trust.\n\nOake, the former finance minister, told the Dunmere Herald that he expected a close race. The "
        "former finance minister added that turnout would decide it."
    )
    sources = [
        _span(text, "The premier"),
        _span(text, "Oake, the former finance minister,"),
        _span(text, "he"),
        _span(text, "The former finance minister"),
    ]
    calder = Speaker("Ruth Calder", "person", "Premier", False)
    oake = Speaker("Martin Oake", "person", "the former finance minister", False)
    assert resolve_speakers(load_nlp()(text), sources) == [calder, oake, oake, oake]


def test_speakers_pronoun_with_nothing_near_is_the_person_the_article_is_about() -> None:
    text = (
        "Mayor Tom Brandt opened the new ferry terminal on Monday. Brandt has championed the project since 2019.\n\n"
        "The terminal cost 40 million euros. Ferries will run every twenty minutes. Parking is free until June. "
        "Cyclists get a separate ramp. The cafe opens in May.\n\n"
        "The Harbour Authority said the first week went smoothly.\n\n"
        "He said the city would add a night service."
    )
    sources = [_span(text, "The Harbour Authority"), _span(text, "He")]
    speakers = resolve_speakers(load_nlp()(text), sources)
    assert speakers[1] == Speaker("Tom Brandt", "person", "Mayor", False)


def test_speakers_office_nominal_resolved_through_the_knowledge_file_at_the_article_date() -> None:
    # The knowledge file (stancemap/models/actors.json.gz) says who held the office on the article's date.
    text = "The summit in Lisbon ended without a deal on Friday. The French president said the talks would go on."
    source = _span(text, "The French president")
    speaker = resolve_speakers(load_nlp()(text), [source], date(2024, 3, 14))[0]
    assert speaker == Speaker("Emmanuel Macron", "person", "French president", False)


def test_speakers_cue_stands_in_for_a_missing_source() -> None:
    text = (
        'Mayor Tom Brandt defended the budget on Monday. "The port pays for itself," he said, adding that the '
        "dredging would start in May.\n\nAccording to the Harbour Authority, the channel is silting up."
    )
    sources: list[tuple[int, int] | None] = [None, None, None]
    cues = [_span(text, "said"), _span(text, "adding"), _span(text, "According to")]
    doc = load_nlp()(text)
    assert resolve_speakers(doc, sources) == [UNKNOWN] * 3
    speakers = resolve_speakers(doc, sources, cues=cues)
    assert [s.name for s in speakers] == ["Tom Brandt", "Tom Brandt", "Harbour Authority"]
    with pytest.raises(ValueError, match="2 cues for 3 sources"):
        resolve_speakers(doc, sources, cues=cues[:2])


def test_speakers_cue_subject_leaves_out_an_opening_adverbial_hung_on_it() -> None:
    # The parse the shipped pipeline gives "In September 2013, Chinese President Xi Jinping chose ...", with the
    # opening date hung on the subject: the date is not who chose.
    words = ["In", "September", "2013", ",", "Chinese", "President", "Vano", "Kell", "chose", "Saldon", "."]
    heads = [1, 5, 1, 1, 5, 7, 7, 8, 8, 8, 8]
    deps = ["case", "compound", "nmod:unmarked", "punct", "amod", "nmod:desc", "compound", "nsubj", "ROOT", "obj"]
    pos = ["ADP", "PROPN", "NUM", "PUNCT", "ADJ", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=[*deps, "punct"], pos=pos)
    assert _implied_source(doc, _span(doc.text, "chose")) == _span(doc.text, "Chinese President Vano Kell")


def test_speakers_tagger_labels_corrected_before_resolution() -> None:
    text = "Governor Alma Reyes met Piet Marsh in Halden on Friday."
    article = _Article(load_nlp()(text), [_span(text, "Piet Marsh")], None)
    governor = article._person_not_place(Mention("Governor Alma Reyes", "ORG", 0, 19))
    assert governor.label == "PERSON"
    # An unknown "place" where a statement names its source is a person; a known one stays a place.
    assert article._person_not_place(Mention("Piet Marsh", "GPE", 24, 34)).label == "PERSON"
    assert article._person_not_place(Mention("Halden", "GPE", 38, 44)).label == "GPE"


def test_speakers_a_place_described_as_a_lawmaker_is_a_person() -> None:
    text = (
        "The letter was organised by Sanna Veldt, a Harbour Party lawmaker from the west coast, and Ruben Aske. "
        "Veldt said she had signed it reluctantly. “But I represent Orsund,” she said. Lake Tarvo, a "
        "reservoir on the border, is nearly dry."
    )
    nlp_doc = load_nlp()(text)
    article = _Article(nlp_doc, [], None)
    start = text.index("Sanna Veldt")
    # Whatever the recogniser calls her, an appositive with a person's role makes the name a person; a place
    # described by a thing stays a place.
    assert article._person_not_place(Mention("Sanna Veldt", "GPE", start, start + 11)).label == "PERSON"
    lake = text.index("Lake Tarvo")
    assert article._person_not_place(Mention("Lake Tarvo", "LOC", lake, lake + 10)).label == "LOC"
    sources = [_span(text, "Veldt", 2), _span(text, "she", 2)]
    assert [s.name for s in resolve_speakers(nlp_doc, sources)] == ["Sanna Veldt", "Sanna Veldt"]


def test_speakers_a_narrowed_description_is_not_another_body_with_the_same_noun() -> None:
    text = (
        "Lindmark delivered a note to the foreign ministry in Saldon on Monday. The Marine Science Council, which "
        "advises the state, said the review was cautious. The industry ministry said it had noted the note. The "
        "ministry added that it would reply through diplomatic channels."
    )
    sources = [
        _span(text, "The Marine Science Council"),
        _span(text, "The industry ministry"),
        _span(text, "The ministry"),
    ]
    speakers = resolve_speakers(load_nlp()(text), sources)
    # "the industry ministry" (its "ministry" tagged as a person) is neither the foreign ministry met earlier nor the
    # body the article names most; the bare "the ministry" after it is the one that just spoke.
    assert [(s.name, s.kind) for s in speakers] == [
        ("Marine Science Council", "organization"),
        ("industry ministry", "organization"),
        ("industry ministry", "organization"),
    ]


def test_speakers_a_list_of_sources_is_one_group_but_a_role_with_and_is_not() -> None:
    text = (
        "Ben Carson, Ted Cruz and Rand Paul said the plan would fail. Jay DiPietro, the club's president and "
        "general manager, said the club would stay open."
    )
    sources = [
        _span(text, "Ben Carson, Ted Cruz and Rand Paul"),
        _span(text, "Jay DiPietro, the club's president and general manager,"),
    ]
    speakers = resolve_speakers(load_nlp()(text), sources)
    assert [(s.name, s.kind) for s in speakers] == [
        ("Ben Carson, Ted Cruz and Rand Paul", "group"),
        ("Jay DiPietro", "person"),
    ]


def test_speakers_hyphenated_names_and_bodies_named_like_people() -> None:
    text = (
        "Marta Lind-Holm, an economist who advised the treasury, said the levy was too small. A Regional Audit "
        "Office report released in May found the same. Lind-Holm said the report was right."
    )
    sources = [
        _span(text, "Marta Lind-Holm, an economist who advised the treasury,"),
        _span(text, "A Regional Audit Office report released in May"),
        _span(text, "Lind-Holm", 2),
    ]
    speakers = resolve_speakers(load_nlp()(text), sources)
    assert [s.name for s in speakers] == ["Marta Lind-Holm", "Regional Audit Office", "Marta Lind-Holm"]
    assert speakers[1].kind == "organization"


def test_speakers_pronoun_picks_by_gender_between_two_sharing_a_surname() -> None:
    text = (
        "Former governor Paul Ostrow campaigned for his wife, Senator Ellen Ostrow, in Dunmere. Ostrow said she "
        "would win. She said the race was close."
    )
    speakers = resolve_speakers(load_nlp()(text), [_span(text, "She")])
    assert speakers[0].name == "Ellen Ostrow"


def test_speakers_an_industry_noun_names_an_organisation() -> None:
    # "automaker", "airline", "lender": companies by their trade, not people.
    text = (
        "Volkswagen showed a wagon at the fair. The German automaker says it will go 300 miles on a charge.\n\n"
        "Northwind cut fares on Monday. The airline said demand had fallen."
    )
    sources = [_span(text, "The German automaker"), _span(text, "The airline")]
    assert [speaker.kind for speaker in resolve_speakers(load_nlp()(text), sources)] == ["organization"] * 2
