"""The lexicon/rule layer: does a statement bear on the proposition, and which way does it lean?

General sentiment comes from VADER's lexicon (which handles negation, intensifiers and "but" within a clause);
on top of it sit stance cues (endorsing, arguing for, warning against, attacking), negation and modality of those
cues, conditions, restrictions that reverse a proposition's direction ("ease the limits" supports allowing), and
reported third-party positions, which are not the speaker's own. The cue lists were written from general English
usage and the issue's examples, not from the benchmark's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from stancemap.stance.items import StanceItem
from stancemap.stance.proposition import RESTRICTION_WORDS, Proposition

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

SUPPORT_CUES = (
    r"support(?:s|ed|ing)?",
    r"(?:should|must|to|will|would) (?:allow|permit|let)",
    r"back(?:s|ed|ing)?",
    r"endors(?:e|es|ed|ing|ement)",
    r"champion(?:s|ed)?",
    r"favou?r(?:s|ed)?",
    r"in favou?r of",
    r"argu(?:e|es|ed|ing) for",
    r"call(?:s|ed)? for",
    r"push(?:es|ed)? for",
    r"vot(?:e|es|ed|ing) for",
    r"clear(?:s|ed)? the way",
    r"pav(?:e|es|ed) the way",
    r"green ?light",
    r"welcom(?:e|es|ed)",
    r"prais(?:e|es|ed)",
    r"applaud(?:s|ed)?",
    r"defend(?:s|ed|ing)?",
    r"stand(?:s)? (?:with|behind)",
    r"rall(?:y|ied) behind",
    r"(?:is|was|absolutely|exactly) right",
    r"the right (?:thing|choice|call|person|man|woman)",
    r"best (?:candidate|choice|person)",
    r"(?:well )?qualified",
    r"deserv(?:e|es|ed) to win",
    r"will make a (?:great|good|fine)",
    r"should win",
    r"win(?:s)? the (?:election|presidency|white house)",
)
OPPOSE_CUES = (
    r"oppos(?:e|es|ed|ing|ition)",
    # Bare "against" is mostly a preposition ("strikes against targets"); only a stance when someone is or speaks it.
    r"(?:is|are|was|were|am|stand|stands|stood|came out|come out|comes out|argu(?:e|es|ed)|spoke|speak|speaks) against",
    r"reject(?:s|ed|ing)?",
    r"caution(?:s|ed)? against",
    r"warn(?:s|ed)? (?:against|that)",
    r"courting disaster",
    r"(?:a|the) (?:red )?line that (?:must|should) not be crossed",
    r"red line",
    r"slam(?:s|med)?",
    r"blast(?:s|ed)?",
    r"attack(?:s|ed|ing)?",
    r"critici[sz](?:e|es|ed|ing)",
    r"condemn(?:s|ed)?",
    r"denounc(?:e|es|ed)",
    r"accus(?:e|es|ed|ing)",
    r"liar",
    r"l(?:ie|ies|ied|ying)",
    r"dangerous",
    r"unfit",
    r"not fit",
    r"disqualif(?:y|ied|ying)",
    r"unqualified",
    r"reckless",
    r"disaster",
    r"fraud",
    r"vot(?:e|es|ed|ing) against",
    r"(?:refus|declin)(?:e|es|ed) to (?:endorse|support|back)",
    r"withdr(?:aw|ew) (?:his |her |their )?support",
    r"step down|drop out",
    # Character attacks, the commonest way a campaign opposes a candidate (general political vocabulary).
    r"racis[tm]",
    r"sexis[tm]",
    r"xenophob(?:e|ia|ic)",
    r"bigot(?:ed|ry|s)?",
    r"narcissis(?:t|tic|m)",
    r"demean(?:s|ed|ing)?",
    r"insult(?:s|ed|ing)?",
    r"mock(?:s|ed|ing)?",
    r"ridicul(?:e|ed|es|ous)",
    r"corrupt(?:ion)?",
    r"crook(?:ed)?",
    r"crim(?:e|es|inal)",
    r"scandals?",
    r"incompetent",
    r"unhinged",
    r"divisive",
    r"self-centered",
    r"temperament",
    r"(?:not|never|didn't|did not) pa(?:y|id)",
)
NEGATORS = r"(?:not|never|no|n't|nor|neither|hardly|without|won't|cannot|can't|wouldn't|don't|doesn't|didn't)"
# Hedges and modals that weaken a cue ("might back", "is considering"): stance, but less certain.
HEDGES = re.compile(r"\b(?:might|may|could|perhaps|possibly|considering|open to|leaning|likely)\b", re.I)
CONDITIONS = re.compile(
    r"\b(?:only if|only when|only against|only for|only in|only as|provided(?: that)?|providing that|as long as|"
    r"so long as|on (?:the )?condition|unless|if and only if|but only|subject to)\b",
    re.I,
)
# Reports of someone else's position: "<holder> remains hesitant", "<holder> backs ...".
STANCE_STATES = (
    r"(?:remains?|is|was|are|were|has been|had been|appears?|seems?|seemed|appeared|stays?|stayed)\s+(?:still\s+)?"
    r"(?:hesitant|reluctant|wary|opposed|supportive|skeptical|sceptical|undecided|in favou?r|against|for it|"
    r"cool|lukewarm|open)"
)
HOLDER = r"(?P<holder>(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*)|the\s+\w+(?:\s+\w+)?|he|she|they|it|I|we)"
THIRD_PARTY = re.compile(
    rf"\b{HOLDER}\s+(?:{STANCE_STATES}|(?:has |had )?(?:supports|opposes|backs|endorsed|endorses|rejects|rejected|"
    r"favors|favours|backed|opposed|supported)\b)",
)
FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|our|us|I'm|we're|I've|we've|I'll|we'll)\b")
PRONOUNS = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.I)
# Factual reporting, polls and predictions are not a stance.
REPORTING = re.compile(
    r"\b(?:polls?|polling|percent|percentage|points?|survey|surveys|margin|forecasts?|odds|leads?|leading|trails?|"
    r"trailing|ahead|behind in)\b",
    re.I,
)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|\s+(?:but|however|although|though|yet|while|whereas)\s+", re.I)
# Titles end in a full stop that ends no clause: "did not support Mr. Trump" must stay one clause.
_TITLE_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|St|Jr|Sr|Lt|Col|Capt|Sgt|Rev|Hon)\.(?=\s)")
_CUE_SUPPORT = re.compile(r"\b(?:" + "|".join(SUPPORT_CUES) + r")\b", re.I)
_CUE_OPPOSE = re.compile(r"\b(?:" + "|".join(OPPOSE_CUES) + r")\b", re.I)
_REMOVE_VERBS = re.compile(
    r"\b(?:eas(?:e|es|ed|ing)|lift(?:s|ed|ing)?|loosen(?:s|ed|ing)?|scrap(?:s|ped)?|"
    r"remov(?:e|es|ed|ing)|drop(?:s|ped)?|end(?:s|ed|ing)?|relax(?:es|ed|ing)?)\b",
    re.I,
)


POLICY_SENTIMENT_WEIGHT = 0.3


def _stem(word: str) -> str:
    """Crude suffix stripping, enough to match "strikes"/"striking" to the question's "strike"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@cache
def _vader() -> SentimentIntensityAnalyzer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _names_pattern(prop: Proposition) -> re.Pattern[str]:
    names = sorted(prop.names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(normalise(n)) for n in names) + r")\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules found in one statement for one proposition (inputs to the zero-shot prior and the learner)."""

    named: bool  # the target is named in the content
    linked: bool  # a pronoun in the content refers to the target (it is named just before), or the speaker is it
    terms: float  # share of the proposition's action terms the content holds
    context: bool  # the target is named in the neighbouring sentences only
    sentiment: float  # VADER compound of the clauses about the target (whole content if none)
    cues: float  # stance cues toward the proposition: > 0 support, < 0 oppose (negation and restrictions applied)
    hedged: bool
    conditional: bool
    third_party: bool  # the stance words report someone else's position
    reporting: bool  # polls, leads, percentages: factual reporting
    self_reference: bool  # the speaker is the target (or its campaign) and speaks of itself
    person_target: bool = False  # the proposition is about a named person (see Proposition)

    @property
    def relevance(self) -> float:
        """How much the statement bears on the proposition, in [0, 1]."""
        if self.named:
            return 1.0
        if self.linked or self.self_reference:
            return 0.75
        if self.terms >= 0.3 and not self.person_target:
            # A policy is talked about through its action's words; a person's race mostly through their name.
            return 0.75
        if self.terms > 0:
            return 0.4
        if self.context:
            return 0.25
        return 0.05


def gather(prop: Proposition, item: StanceItem) -> Evidence:
    text = normalise(item.text)
    names = _names_pattern(prop)
    named = bool(names.search(text))
    speaker = normalise(item.speaker or "")
    speaker_is_target = bool(speaker) and bool(names.search(speaker))
    context = bool(names.search(normalise(item.before)) or names.search(normalise(item.after)))
    before_named = bool(names.search(normalise(item.before)[-200:]))
    linked = prop.person_target and not named and not speaker_is_target and before_named and bool(PRONOUNS.search(text))
    # The speaker speaking of itself: "I", "we" in quotes, and "he"/"his" in indirect speech about a person.
    self_reference = speaker_is_target and bool(
        FIRST_PERSON.search(text) or (prop.person_target and PRONOUNS.search(text))
    )
    stems = {_stem(w) for w in re.findall(r"[a-z][\w-]+", text.lower())}
    terms = sum(1 for t in prop.terms if _stem(t) in stems) / len(prop.terms) if prop.terms else 0.0

    clauses = [c for c in _CLAUSE_SPLIT.split(_TITLE_STOP.sub(r"\1", text)) if c and c.strip()]
    about = [
        c
        for c in clauses
        if names.search(c)
        or (linked and PRONOUNS.search(c))
        or (self_reference and (FIRST_PERSON.search(c) or PRONOUNS.search(c)))
        or any(_stem(t) in {_stem(w) for w in re.findall(r"[a-z][\w-]+", c.lower())} for t in prop.terms)
    ]
    focus = about or clauses or [text]
    sentiment = sum(_vader().polarity_scores(c)["compound"] for c in focus) / len(focus)
    if not prop.person_target:
        # A policy's own words carry valence that is not stance ("strikes", "weapons", "war"): trust cues more.
        sentiment *= POLICY_SENTIMENT_WEIGHT
    cues = 0.0
    third_party = False
    for clause in focus:
        reported = _reported_holder(clause, speaker, prop)
        if reported:
            third_party = True
            continue
        cues += _cue_polarity(clause)
    return Evidence(
        named=named,
        linked=linked,
        terms=terms,
        context=context and not named,
        sentiment=sentiment,
        cues=cues * prop.direction,
        hedged=bool(HEDGES.search(text)),
        conditional=bool(CONDITIONS.search(text)),
        third_party=third_party,
        reporting=bool(REPORTING.search(text)),
        self_reference=self_reference,
        person_target=prop.person_target,
    )


def _reported_holder(clause: str, speaker: str, prop: Proposition) -> bool:
    """True when the clause's stance words describe a third party's position, not the speaker's."""
    for match in THIRD_PARTY.finditer(clause):
        holder = match["holder"]
        if holder.lower() in {"he", "she", "i", "we", "they", "it"}:
            # In indirect speech "he"/"she" is most often the speaker ("Cruz said he backs ..."); "it" a body.
            continue
        if speaker and any(w in speaker.split() for w in holder.split() if w[:1].isupper()):
            continue
        return True
    return False


def _cue_polarity(clause: str) -> float:
    """Sum of stance cues in a clause: +1 per support cue, -1 per oppose cue; negation flips one, restriction
    objects ("the limits", "a ban") flip its direction, and removing a restriction supports the proposition."""
    total = 0.0
    for pattern, sign in ((_CUE_SUPPORT, 1.0), (_CUE_OPPOSE, -1.0)):
        for match in pattern.finditer(clause):
            value = sign
            window = clause[max(0, match.start() - 40) : match.start()]
            if re.search(rf"\b{NEGATORS}\b|n't\b", window, re.I):
                value = -value
            after = clause[match.end() : match.end() + 40].lower()
            # "support the restrictions" opposes the action; "argue for lifting the limits" does not.
            if any(w in RESTRICTION_WORDS for w in re.findall(r"[a-z]+", after)[:4]) and not _REMOVE_VERBS.search(
                after
            ):
                value = -value
            total += value
    for match in _REMOVE_VERBS.finditer(clause):
        after = clause[match.end() : match.end() + 40].lower()
        if any(w in RESTRICTION_WORDS for w in re.findall(r"[a-z]+", after)[:4]):
            total += 1.0
    return total
