"""Rules for questions about a person: who attacks whom, the cue before the content, descriptions of others, and
campaign vocabulary (fictional people only)."""

from __future__ import annotations

import pytest

from stancemap.records import Question
from stancemap.stance.items import StanceItem, item_from_json
from stancemap.stance.judge import Judge

MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")


def _item(text: str, speaker: str = "Dev Halloran", before: str = "") -> StanceItem:
    return StanceItem(article="p1", speaker=speaker, text=text, key=f"p1:{text[:30]}", before=before)


def _label(text: str, speaker: str = "Dev Halloran", before: str = "") -> str:
    return Judge(MAYOR).judge(_item(text, speaker, before)).stance().label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # An attack made BY the target is no attack on the target; one made on it is.
        ("Okafor mocked Councillor Brask for skipping the harbour vote", "neutral"),
        ("Okafor's ad attacks the harbour board", "neutral"),
        ("Councillor Brask mocked Okafor for skipping the harbour vote", "oppose"),
        ("Okafor was mocked by the harbour board", "oppose"),
        # A negation before a comma and a new subject does not reach the cue after it.
        ("The ferry won't run on Sunday, Brask mocked Okafor", "oppose"),
    ],
)
def test_rules_attack_agent_and_patient(text, label):
    assert _label(text) == label


@pytest.mark.parametrize(
    "text",
    [
        # A cue in a relative clause or participle describes others, not the speaker.
        "the donors and lobby groups that support Okafor filled the hall",
        "voters backing Okafor queued at the ferry terminal",
    ],
)
def test_rules_cue_describing_others_is_no_stance(text):
    assert _label(text) == "neutral"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Okafor is a hateful bully and a disgrace to this city", "oppose"),
        ("I am truly afraid that Maria Okafor will win", "oppose"),
        ("Okafor is far and away the superior candidate", "support"),
    ],
)
def test_rules_campaign_vocabulary(text, label):
    assert _label(text) == label


def _record(text: str, content: str, speaker: str) -> StanceItem:
    start = text.index(content)
    obj = {
        "article": "p2",
        "speaker": speaker,
        "content": {"text": content, "start": start, "end": start + len(content)},
    }
    return item_from_json(obj, text)


@pytest.mark.parametrize(
    ("text", "content", "label"),
    [
        # The cue that governs the content from just before it: "endorsed | X", "threw its support behind | X".
        ("The dockers' union endorsed Maria Okafor for mayor on Friday.", "Maria Okafor for mayor", "support"),
        (
            "The union endorsed Maria Okafor on Friday, the latest union to throw its support behind the nominee.",
            "the nominee",
            "support",
        ),
        ("A 1998 profile hailed Okafor as the saviour of the waterfront.", "the saviour of the waterfront", "support"),
        ("Halloran is against it.", "it", "neutral"),
        # The cue aimed at someone else the content names: no stance on the target.
        (
            "Okafor spoke first. Her allies accused the Harbour Board of stalling.",
            "the Harbour Board of stalling",
            "neutral",
        ),
        # The cue's object is the content's head: here the donors, not the target named later.
        (
            "Maria Okafor spoke. Halloran accused the donors that back Okafor of buying the vote.",
            "the donors that back Okafor of buying the vote",
            "neutral",
        ),
        # A plain "said" carries no stance.
        ("Maria Okafor spoke. Halloran said the ferries will run.", "the ferries will run", "neutral"),
    ],
)
def test_rules_cue_just_before_the_content(text, content, label):
    item = _record(text, content, "Harbour Workers Union")
    assert Judge(MAYOR).judge_all([item])[0].stance().label == label


@pytest.mark.parametrize(
    ("text", "speaker", "label"),
    [
        # A poll as the source reports; it takes no side.
        ("Okafor did well and came out on top", "online snap polls", "neutral"),
        # "back away from" is a retreat, not backing.
        ("we have to back away from all this talk about Okafor and Brask", "Dev Halloran", "neutral"),
        # A candidate is called by the first name too.
        ("That's right, Maria, you are the best candidate", "Dev Halloran", "support"),
        # Standing against a vice is no attack on the target named nearby.
        ("Okafor has spent years fighting against racism and corruption in the port", "Dev Halloran", "neutral"),
        ("Okafor's corruption is the scandal of the decade", "Dev Halloran", "oppose"),
        ("voters sick of bigotry should get excited about Okafor and her candidacy", "Dev Halloran", "support"),
    ],
)
def test_rules_sources_retreats_first_names_and_vices(text, speaker, label):
    assert _label(text, speaker) == label


def test_rules_tone_of_a_clause_about_someone_else_first():
    # Someone else named before the target is the clause's subject: its tone is not the target's.
    assert _label("Brask looked tired and gloomy beside Okafor at the debate") == "neutral"
    assert _label("Okafor looked tired and gloomy at the debate") == "oppose"
