"""Actor resolution rules, one test (or a parametrized set) per rule, on hand-written mentions."""

from __future__ import annotations

import itertools

import pytest

from stancemap.actors import Mention, ResolvedMention, resolve_mentions

POSITIONS = itertools.count(0, 100)


def m(text: str, label: str, title: str | None = None, head: str | None = None, speaks: bool = False) -> Mention:
    # Offsets only order the mentions here; resolution never reads the article text.
    start = next(POSITIONS)
    return Mention(text, label, start, start + len(text), title=title, head=head, speech_subject=speaks)


def ids(resolved: list[ResolvedMention]) -> list[str | None]:
    return [r.actor.id if r.actor else None for r in resolved]


def test_resolve_full_name_with_title_gets_knowledge_affiliation_and_role():
    [r] = resolve_mentions([m("Emmanuel Macron", "PERSON", title="French President")], "2024-03-01")
    assert r.actor is not None
    assert (r.actor.id, r.actor.name, r.actor.kind) == ("person:emmanuel-macron", "Emmanuel Macron", "person")
    assert (r.actor.affiliation, r.actor.role, r.via) == ("France", "president", "knowledge")


def test_resolve_name_short_name_and_title_are_one_actor():
    resolved = resolve_mentions(
        [
            m("Emmanuel Macron", "PERSON", title="French President"),
            m("Olaf Scholz", "PERSON", title="German Chancellor"),
            m("Macron", "PERSON"),
            m("the French president", "ROLE"),
            m("the chancellor", "ROLE"),
        ],
        "2023-06-01",
    )
    assert ids(resolved) == [
        "person:emmanuel-macron",
        "person:olaf-scholz",
        "person:emmanuel-macron",
        "person:emmanuel-macron",
        "person:olaf-scholz",
    ]
    assert [r.via for r in resolved[2:]] == ["article", "article", "article"]
    assert "Macron" in resolved[0].actor.aliases  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "date, who",
    [("2016-05-10", "person:francois-hollande"), ("2024-05-10", "person:emmanuel-macron")],
)
def test_resolve_bare_title_uses_the_article_date(date: str, who: str):
    [r] = resolve_mentions([m("the French president", "ROLE")], date)
    assert r.actor is not None and r.actor.id == who
    assert r.via == "title" and r.actor.role == "president" and r.actor.affiliation == "France"


def test_resolve_the_minister_is_the_last_minister_mentioned():
    resolved = resolve_mentions(
        [
            m("Ilse Varga", "PERSON", title="Foreign Minister"),
            m("Tomas Brandt", "PERSON", title="Agriculture Minister"),
            m("the minister", "ROLE"),
            m("the foreign minister", "ROLE"),
            m("the minister", "ROLE"),
        ],
        "2021-01-01",
    )
    assert ids(resolved)[2:] == ["person:tomas-brandt", "person:ilse-varga", "person:ilse-varga"]
    assert resolved[0].actor.role == "foreign minister"  # type: ignore[union-attr]


def test_resolve_vice_president_does_not_answer_the_president():
    resolved = resolve_mentions(
        [m("Dana Whitfield", "PERSON", title="Vice President"), m("the president", "ROLE")], "2021-01-01"
    )
    assert resolved[1].actor is None and resolved[1].via == "unresolved"


def test_resolve_nominal_without_antecedent_or_country_is_unresolved():
    [r] = resolve_mentions([m("the minister", "ROLE")], "2021-01-01")
    assert r.actor is None


def test_resolve_ids_are_stable_across_articles():
    first = resolve_mentions([m("Jane Roe", "PERSON"), m("Emmanuel Macron", "PERSON")], "2020-01-01")
    second = resolve_mentions(
        [m("Emmanuel Macron", "PERSON", title="President"), m("Jane Roe", "PERSON", title="Senator")], "2022-01-01"
    )
    assert sorted(ids(first)) == sorted(ids(second)) == ["person:emmanuel-macron", "person:jane-roe"]  # type: ignore[type-var]


def test_resolve_unknown_person_short_name_is_the_full_name():
    resolved = resolve_mentions([m("Jane Roe", "PERSON"), m("Roe", "PERSON"), m("Roe's", "PERSON")], "2024-01-01")
    assert ids(resolved) == ["person:jane-roe"] * 3
    assert resolved[0].via == "new" and resolved[1].via == "article"
    assert resolved[1].actor.name == "Jane Roe" and resolved[1].actor.kind == "person"  # type: ignore[union-attr]


def test_resolve_surname_first_takes_the_full_name_given_later():
    resolved = resolve_mentions([m("Roe", "PERSON"), m("Jane Roe", "PERSON")], "2024-01-01")
    assert ids(resolved) == ["person:jane-roe", "person:jane-roe"]
    assert resolved[0].actor.aliases == ("Roe",)  # type: ignore[union-attr]


def test_resolve_longer_and_shorter_forms_of_one_name_are_one_person():
    resolved = resolve_mentions(
        [m("Jens Otto Harry Falk", "PERSON"), m("Otto Falk", "PERSON"), m("Steven F. Udvar-Nemes", "PERSON"),
         m("Udvar-Nemes", "PERSON")],
        None,
    )  # fmt: skip
    assert ids(resolved) == ["person:jens-otto-harry-falk"] * 2 + ["person:steven-f-udvar-nemes"] * 2


def test_resolve_same_surname_different_people_stay_apart_and_short_name_is_the_latest():
    resolved = resolve_mentions(
        [m("Anna Berg", "PERSON"), m("Lars Berg", "PERSON"), m("Berg", "PERSON"), m("Anna", "PERSON")], None
    )
    assert ids(resolved) == ["person:anna-berg", "person:lars-berg", "person:lars-berg", "person:anna-berg"]


def test_resolve_surname_alone_needs_a_date_to_name_an_office_holder():
    [undated] = resolve_mentions([m("Kennedy", "PERSON", title="Chief Justice")], None)
    assert undated.actor is not None and undated.actor.id == "person:kennedy" and undated.via == "new"
    [dated] = resolve_mentions([m("Biden", "PERSON")], "2022-05-01")
    assert dated.actor is not None and dated.actor.id == "person:joe-biden"


def test_resolve_knowledge_alias_spellings_reach_one_person():
    resolved = resolve_mentions([m("Sergei Lavrov", "PERSON"), m("Sergey Lavrov", "PERSON")], "2020-01-01")
    assert ids(resolved) == ["person:sergey-lavrov", "person:sergey-lavrov"]
    assert resolved[0].actor.affiliation == "Russia"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "mention, government, metonym",
    [
        (m("Kremlin", "ORG"), "government:RUS", True),
        (m("the Kremlin", "FAC"), "government:RUS", True),
        (m("Moscow", "GPE", speaks=True), "government:RUS", True),
        (m("Washington", "GPE", speaks=True), "government:USA", True),
        (m("White House", "ORG"), "government:USA", True),
        (m("Beijing", "GPE", speaks=True), "government:CHN", True),
        (m("Downing Street", "FAC"), "government:GBR", True),
        (m("the Russian government", "ORG"), "government:RUS", False),
    ],
)
def test_resolve_metonyms_are_governments(mention: Mention, government: str, metonym: bool):
    [r] = resolve_mentions([mention], "2024-01-01")
    assert r.actor is not None and r.actor.id == government and r.actor.kind == "organization"
    assert r.metonym is metonym


def test_resolve_capital_not_speaking_is_a_place():
    [r] = resolve_mentions([m("Moscow", "GPE")], "2024-01-01")
    assert r.actor is not None and (r.actor.kind, r.actor.affiliation, r.metonym) == ("place", "Russia", False)


@pytest.mark.parametrize("name", ["U.S.", "United States", "the United States", "America", "USA"])
def test_resolve_country_spellings_are_one_country(name: str):
    [r] = resolve_mentions([m(name, "GPE")], None)
    assert r.actor is not None and (r.actor.id, r.actor.name, r.actor.kind) == (
        "country:USA",
        "United States",
        "country",
    )


def test_resolve_city_with_state_and_state_of_prefix():
    resolved = resolve_mentions([m("Houston, Texas", "GPE"), m("the State of Texas", "GPE")], None)
    assert [r.actor.name for r in resolved if r.actor] == ["Houston", "Texas"]


def test_resolve_unknown_place_is_keyed_by_name():
    [r] = resolve_mentions([m("Little Brockwell", "GPE")], None)
    assert r.actor is not None and (r.actor.id, r.actor.kind, r.via) == ("place:little-brockwell", "place", "new")


@pytest.mark.parametrize("spelling", ["NATO", "North Atlantic Treaty Organization"])
def test_resolve_international_organisations(spelling: str):
    [r] = resolve_mentions([m(spelling, "ORG")], None)
    assert r.actor is not None and (r.actor.id, r.actor.kind) == ("org:nato", "organization")


def test_resolve_un_and_eu_spellings():
    resolved = resolve_mentions(
        [m("U.N.", "ORG"), m("the United Nations", "ORG"), m("EU", "ORG"), m("the European Union", "ORG")], None
    )
    assert ids(resolved) == ["org:united-nations"] * 2 + ["org:european-union"] * 2


def test_resolve_unknown_organisation_short_form_and_acronym():
    resolved = resolve_mentions(
        [m("Northern Fisheries Commission", "ORG"), m("Commission", "ORG"), m("NFC", "ORG")], None
    )
    assert ids(resolved) == ["org:northern-fisheries-commission"] * 3


def test_resolve_nationality_with_noun_is_a_group_of_that_country():
    resolved = resolve_mentions(
        [m("Ukrainian", "NORP", head="officials"), m("Ukrainians", "NORP"), m("Russian", "NORP", head="government")],
        "2024-01-01",
    )
    group, people, government = (r.actor for r in resolved)
    assert group is not None and (group.name, group.kind, group.affiliation) == (
        "Ukrainian officials",
        "group",
        "Ukraine",
    )
    assert people is not None and (people.name, people.kind, people.affiliation) == ("Ukrainians", "group", "Ukraine")
    assert government is not None and government.id == "government:RUS"


def test_resolve_title_naming_an_organisation_gives_the_affiliation():
    [r] = resolve_mentions([m("Fisheries Board Chairman Tom Reed", "PERSON")], None)
    assert r.actor is not None and (r.actor.name, r.actor.affiliation) == ("Tom Reed", "Fisheries Board")
    assert r.actor.role == "chairman"


def test_resolve_office_of_a_place_is_not_a_person_named_after_it():
    [r] = resolve_mentions([m("Governor of Virginia", "PERSON")], None)
    assert r.actor is None or r.actor.name != "Virginia"


def test_resolve_honorific_is_stripped_and_can_give_the_role():
    resolved = resolve_mentions([m("Sen. Maria Okafor", "PERSON"), m("Mrs. Okafor", "PERSON")], None)
    assert ids(resolved) == ["person:maria-okafor"] * 2
    assert resolved[0].actor.role == "senator"  # type: ignore[union-attr]


def test_resolve_rejects_an_unknown_label():
    with pytest.raises(ValueError, match="unknown mention label"):
        resolve_mentions([Mention("x", "WORK_OF_ART", 0, 1)], None)


def test_resolve_is_pure():
    mentions = [m("Jane Roe", "PERSON"), m("Roe", "PERSON"), m("Moscow", "GPE", speaks=True)]
    assert resolve_mentions(mentions, "2024-01-01") == resolve_mentions(mentions, "2024-01-01")


def test_actor_to_json_shape():
    [r] = resolve_mentions([m("Emmanuel Macron", "PERSON", title="French President")], "2024-03-01")
    assert r.actor is not None
    assert r.actor.to_json() == {
        "id": "person:emmanuel-macron",
        "name": "Emmanuel Macron",
        "kind": "person",
        "aliases": [],
        "affiliation": "France",
        "role": "president",
    }


def test_resolve_mislabelled_person_name_as_place_or_org_is_the_person():
    resolved = resolve_mentions(
        [m("Dana Whitfield", "PERSON"), m("Whitfield", "GPE"), m("Dana Whitfield", "ORG")], "2020-01-01"
    )
    assert ids(resolved) == ["person:dana-whitfield"] * 3


def test_resolve_place_or_organisation_tagged_person_is_not_a_person():
    resolved = resolve_mentions([m("North Carolina", "PERSON"), m("NATO", "PERSON")], "2020-01-01")
    assert [(r.actor.kind, r.actor.id) for r in resolved if r.actor] == [
        ("place", "place:north-carolina-usa"),
        ("organization", "org:nato"),
    ]


def test_resolve_bare_surname_before_a_known_full_name_becomes_that_person():
    # Undated, "Macron" alone is no one the knowledge file can name; the full name later says who it was.
    resolved = resolve_mentions([m("Macron", "PERSON"), m("Emmanuel Macron", "PERSON")], None)
    assert ids(resolved) == ["person:emmanuel-macron"] * 2
    assert resolved[0].via == "new" and resolved[0].actor.aliases == ("Macron",)  # type: ignore[union-attr]


def test_resolve_person_name_tagged_place_before_the_person_is_met():
    resolved = resolve_mentions([m("Whitfield", "GPE"), m("Mr. Whitfield", "PERSON")], None)
    assert ids(resolved) == ["person:whitfield"] * 2 and resolved[0].actor.kind == "person"  # type: ignore[union-attr]


def test_resolve_country_before_a_name_without_office_stays_in_the_name():
    [r] = resolve_mentions([m("America Ferrera", "PERSON")], None)
    assert r.actor is not None and r.actor.id == "person:america-ferrera"
