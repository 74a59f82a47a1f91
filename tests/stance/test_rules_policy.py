"""The policy rules of the zero-shot judge, on a proposition that removes a restriction (fictional place, people)."""

from __future__ import annotations

import pytest

from stancemap.records import Question
from stancemap.stance.items import StanceItem, item_from_json
from stancemap.stance.judge import Judge

# A proposition whose action lifts a restriction: attacking the restriction backs it, keeping it opposes it.
FRACKING = Question(
    "varnholm-fracking",
    "Varnholm should lift its moratorium on shale gas fracking and issue drilling permits in the Oder Basin.",
    ("moratorium", "fracking", "shale gas", "Oder Basin", "drilling permits"),
)
MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")


def _item(text: str, before: str = "", speaker: str = "Ilse Brandvik", article: str = "a1") -> StanceItem:
    return StanceItem(article=article, speaker=speaker, text=text, key=f"{article}:{text[:30]}", before=before)


def _label(text: str, before: str = "") -> str:
    return Judge(FRACKING).judge(_item(text, before)).stance().label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Removing the restriction, even a few words after the verb, backs the proposition.
        ("the cabinet will ask the assembly to lift the region's 14-year moratorium on fracking", "support"),
        # Withdrawing the proposal opposes it; its own content ("to lift the moratorium") is no second stance.
        ("the mayors urged the government to drop its plan to lift the moratorium on fracking", "oppose"),
        ("the union called for the plan to be withdrawn before the drilling permits are issued", "oppose"),
        # Keeping the restriction opposes lifting it.
        ("we must keep the moratorium on fracking in place", "oppose"),
        ("the premier should say plainly that the moratorium stays", "oppose"),
        # The removal or the proposal blamed for harm.
        ("lifting the moratorium would wreck the aquifer under the Oder Basin", "oppose"),
        ("the plan would put every well in the valley at risk", "oppose"),
        # Criticising the restriction as out of date or self-defeating backs lifting it.
        ("The moratorium is a relic of a different era", "support"),
        ("we are the only region that has barred itself from even surveying the shale gas under our feet", "support"),
        # Negated opposition and deplored inaction back the action.
        ("Saying no to fracking forever is not an energy policy.", "support"),
        # Saying no, not negated, is opposition.
        ("Varnholm should say no to fracking, now and always", "oppose"),
        # The proposal named as "the bill" makes the statement relevant.
        ("we will vote against the bill in committee", "oppose"),
    ],
)
def test_rules_policy_phenomena(text, label):
    assert _label(text) == label


def test_rules_inaction_deplored_backs_the_action_when_the_context_is_the_proposal():
    before = "The moratorium on fracking has stood for fourteen years."
    assert _label("We cannot afford another decade of doing nothing.", before) == "support"


@pytest.mark.parametrize(
    "text",
    [
        # A question ("whether ...") or a hypothetical ("if ...") is no call either way.
        "It is not for the survey office to tell the assembly whether to lift the moratorium on fracking",
        "If the Liberals voted in favour of the bill, the cabinet would no longer need the Greens",
        # What the proposal would allow is a description, not an endorsement.
        "the bill would allow drilling within two kilometres of the shore",
    ],
)
def test_rules_policy_hypotheticals_and_descriptions_take_no_side(text):
    assert _label(text) == "neutral"


def test_rules_rejecting_a_claim_about_the_proposal_is_not_opposing_it():
    text = "she rejected claims that the new inspectors would slow the granting of drilling permits"
    assert _label(text) != "oppose"


def test_rules_person_attacks_are_no_stance_on_a_policy():
    judge = Judge(FRACKING)
    assert judge.evidence(_item("the shale gas is lying two kilometres under our farms")).cues == 0
    # On a person the same word is an attack.
    assert Judge(MAYOR).judge(_item("Okafor is lying about the harbour budget")).stance().label == "oppose"


def test_rules_negation_stops_at_a_new_clause():
    text = "the union's position had not changed and that it would fight the bill whatever is written into it"
    assert _label(text) == "oppose"


def test_rules_someone_else_quoted_in_a_direct_quote_is_not_the_speaker():
    record = {
        "article": "a1",
        "speaker": "Ilse Brandvik",
        "kind": "direct",
        "content": {"text": "Last month she said she backed the bill on fracking. Now she is haggling over the price."},
    }
    judged = Judge(FRACKING).judge(item_from_json(record)).stance().label
    assert judged != "support"
    # The same words as indirect speech are the speaker's own ("she said she backed").
    record["kind"] = "indirect"
    assert Judge(FRACKING).judge(item_from_json(record)).stance().label == "support"


def test_rules_the_attribution_cue_carries_the_stance():
    record = {
        "article": "a1",
        "speaker": "Oderland",
        "cue": {"text": "objected"},
        "content": {"text": "to the government's plan to lift the moratorium on fracking"},
    }
    assert Judge(FRACKING).judge(item_from_json(record)).stance().label == "oppose"


def test_rules_a_cue_on_it_counts_in_an_article_about_the_proposal():
    judge = Judge(FRACKING)
    on_topic = _item("the cabinet will ask the assembly to lift the moratorium on fracking", speaker="Per Hald")
    bare = _item("We will oppose it in committee and on the floor.")
    assert judge.judge(bare).stance().label == "neutral"
    assert judge.judge_all([on_topic, bare])[1].stance().label == "oppose"
