"""Speaker allegiance read from the article, and the person-question rules around it (fictional people only)."""

from __future__ import annotations

import pytest

from stancemap.records import Question
from stancemap.stance.allegiance import allegiance, speaker_descriptions
from stancemap.stance.items import StanceItem, item_from_json
from stancemap.stance.judge import Judge
from stancemap.stance.proposition import parse_proposition

MAYOR = Question("okafor", "Maria Okafor should win the 2026 mayoral election.")
RIVAL = Question("brask", "Lina Brask should win the 2026 mayoral election.")
# Not an election: a rival's campaign staff are nobody's opponents here.
PORT = Question("okafor-port", "Maria Okafor should chair the port authority.")

ARTICLE = (
    "Port City, May 3. Okafor campaign manager Ilse Varn said the debate went well. "
    "Tomas Reyle, a top Okafor surrogate, spoke to reporters after the debate. "
    "Brask's campaign manager Jon Eide said the harbour plan was a fantasy. "
    "Edda Holm, a former Okafor aide who now runs a bakery, said little. "
    "Yusuf Marr, a critic of Okafor, was not impressed. "
    "The Harbour Journal, which endorsed Okafor in March, ran the debate live. "
    "Sen. Pia Lund, the Green vice-presidential nominee, spoke later. "
)


def _sides(question: Question, speaker: str, statements: tuple[str, ...] = ()) -> int:
    return allegiance(parse_proposition(question), speaker, speaker_descriptions(ARTICLE, speaker), statements, ARTICLE)


@pytest.mark.parametrize(
    ("speaker", "side"),
    [
        ("Ilse Varn", 1),  # "Okafor campaign manager Ilse Varn"
        ("Tomas Reyle", 1),  # "Reyle, a top Okafor surrogate,"
        ("Jon Eide", -1),  # on the rival's campaign, in an election question
        ("Edda Holm", 0),  # a former aide is no ally now
        ("Yusuf Marr", -1),  # "a critic of Okafor"
        ("The Harbour Journal", 1),  # "which endorsed Okafor"
        ("Okafor supporters", 1),  # a group named for its side
        ("Dev Halloran", 0),  # the article does not say
    ],
)
def test_allegiance_read_from_how_the_article_introduces_the_speaker(speaker, side):
    assert _sides(MAYOR, speaker) == side


def test_allegiance_rival_campaign_only_in_an_election_question():
    assert _sides(MAYOR, "Jon Eide") == -1
    assert _sides(PORT, "Jon Eide") == 0
    # Seen from the rival's question, the sides swap.
    assert _sides(RIVAL, "Jon Eide") == 1
    assert _sides(RIVAL, "Ilse Varn") == -1


def test_allegiance_from_the_speakers_own_words_and_record_role():
    prop = parse_proposition(MAYOR)
    assert allegiance(prop, "Kai Berg", [], ["my running mate Maria Okafor will fix the ferries"]) == 1
    assert allegiance(prop, "Kai Berg", ["spokeswoman for the Okafor campaign"]) == 1
    assert allegiance(prop, "Kai Berg", [], ["I met Maria Okafor on Tuesday"]) == 0
    # The target itself is judged by self-reference, not allegiance.
    assert allegiance(prop, "Maria Okafor", ["Okafor campaign manager"]) == 0


def test_allegiance_descriptions_keep_only_the_phrase_at_the_name():
    text = "Critics of the plan questioned the health of Ilse Varn. Okafor campaign manager Ilse Varn said no."
    found = speaker_descriptions(text, "Ilse Varn")
    assert "Okafor campaign manager" in found
    assert not any("Critics" in d for d in found)


def _record(article: str, text: str, speaker: str, content: str) -> StanceItem:
    start = text.index(content)
    return item_from_json(
        {
            "article": article,
            "speaker": speaker,
            "content": {"text": content, "start": start, "end": start + len(content)},
        },
        text,
    )


def test_judge_ally_attacking_the_rival_supports_their_candidate():
    content = "Lina Brask is a liar, and Maria Okafor is the one who will clean up the harbour"
    text = ARTICLE + f"Varn said {content}."
    ally = _record("a1", text, "Ilse Varn", content)
    assert Judge(MAYOR).judge_all([ally])[0].stance().label == "support"
    assert Judge(RIVAL).judge_all([ally])[0].stance().label == "oppose"
    # The same words from someone the article does not place: the attack word reads against the named target.
    unplaced = _record("a1", f"Port City, May 3. Halloran said {content}.", "Dev Halloran", content)
    assert Judge(MAYOR).judge_all([unplaced])[0].stance().label != "support"


def test_judge_rival_campaign_speaking_of_the_target_opposes_it():
    text = ARTICLE + "Eide said Okafor was a capable administrator who had run out of ideas."
    item = _record("a2", text, "Jon Eide", "Okafor was a capable administrator who had run out of ideas")
    assert Judge(MAYOR).judge_all([item])[0].stance().label == "oppose"


def test_judge_rival_campaign_praising_its_own_candidate_is_neutral_on_the_target():
    text = ARTICLE + "Eide said Lina Brask has a wonderful record and will bring hope to every ward."
    item = _record("a3", text, "Jon Eide", "Lina Brask has a wonderful record and will bring hope to every ward")
    assert Judge(MAYOR).judge_all([item])[0].stance().label == "neutral"
