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
    r"accept(?:s|ed|ing)?",
    r"(?:should|must|to|will|would) (?:allow|permit|let)",
    # "back away from", "backed down" are retreats, not backing.
    r"back(?:s|ed|ing)?(?!\s+(?:away|off|down|out|up|into|onto|from)\b)",
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
    # Praise of a person's standing as a candidate (general campaign vocabulary).
    r"hail(?:s|ed|ing)?",
    r"(?:better|superior|stronger|strongest) (?:candidate|choice|leader)",
    r"(?:excited|enthusiastic|thrilled) (?:about|by|for)",
    r"(?:great|strong|brilliant|terrific|fantastic|wonderful|excellent|outstanding) (?:leader|president|candidate)",
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
    r"dangerous",
    r"reckless",
    r"disaster",
    r"fraud",
    r"vot(?:e|es|ed|ing) against",
    r"object(?:s|ed|ing)? to",
    r"resist(?:s|ed|ing)?",
    r"fight(?:s|ing)? (?:it|this|that|the|any)\b",
    r"(?:a|an) (?:serious |grave |terrible )?mistake",
    r"betray(?:al|s|ed)?",
    r"(?:refus|declin)(?:e|es|ed) to (?:endorse|support|back)",
    r"withdr(?:aw|ew) (?:his |her |their )?support",
)
# Attacks on a person (a candidate's honesty, fitness, character): a stance on a person, but no stance on a policy
# ("lying on the seabed" is no lie).
PERSON_ATTACK_CUES = (
    r"liar",
    r"l(?:ie|ies|ied|ying)",
    r"unfit",
    r"not fit",
    r"disqualif(?:y|ied|ying)",
    r"unqualified",
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
    r"hate(?:ful)?",
    r"ignoran(?:t|ce)",
    r"disgrace(?:ful)?",
    r"bull(?:y|ies|ying)",
    r"dictator",
    r"demagogue",
    r"con ?artist",
    r"dishonest",
    r"untrustworthy",
    r"hypocri(?:te|sy|tical)",
    r"rail(?:s|ed|ing)? against",
    r"lash(?:es|ed)? out",
    # Dreading a candidate's win: "I am afraid that he will win".
    r"(?:afraid|fear(?:ful)?|scared|terrified|worried|dread)\s+(?:that\s+)?(?:[\w.'-]+\s+){0,3}(?:will|would|could|might)\s+"
    r"(?:win|be elected|become)",
)
# Attack verbs: whom they attack matters ("Okafor mocked Brask" is no attack on Okafor).
_ATTACK_VERB = re.compile(
    r"^(?:mock|ridicul|attack|slam|blast|critici|condemn|denounc|accus|insult|demean|reject|rail|lash)", re.I
)
# Vices named as such, and what is said of a vice one stands against.
_VICE = re.compile(r"^(?:racism|sexism|xenophobia|bigotry|narcissism|corruption|hate|ignorance|crime)$", re.I)
_AGAINST_VICE = re.compile(
    r"\b(?:against|overcome|overcoming|combat(?:ing)?|fight(?:ing)?|end(?:ing)?|tired of|sick of|exhaustion with|"
    r"confront(?:ing)?|"
    r"stand up to|reject(?:ing)?|free of|without|no place for|root out)\b(?:\W+\w+){0,4}\W*$",
    re.I,
)
# A cue verb inside a relative clause or participle describing someone else ("groups that support Okafor",
# "voters backing Okafor"): a description of others, not the speaker's stance.
_DESCRIBED = re.compile(r"\b(?:that|who|which)\s+(?:also\s+|still\s+|openly\s+|now\s+)?$", re.I)
_PARTICIPLE_HOST = re.compile(r"\b([\w']+)\s+$")
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "be",
        "been",
        "being",
        "'s",
        "'re",
        "'m",
        "not",
        "also",
        "still",
        "now",
        "always",
        "keep",
        "keeps",
        "kept",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
    ]
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
_REPORTING_SOURCE = re.compile(r"\b(?:polls?|polling|surveys?|forecasts?|exit polls?|pollsters?)\b", re.I)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|\s+(?:but|however|although|though|yet|while|whereas)\s+", re.I)
# Titles end in a full stop that ends no clause: "did not support Mr. Trump" must stay one clause.
_TITLE_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|St|Jr|Sr|Lt|Col|Capt|Sgt|Rev|Hon)\.(?=\s)")
_CUE_SUPPORT = re.compile(r"\b(?:" + "|".join(SUPPORT_CUES) + r")\b", re.I)
_CUE_OPPOSE = re.compile(r"\b(?:" + "|".join(OPPOSE_CUES + PERSON_ATTACK_CUES) + r")\b", re.I)
_CUE_OPPOSE_POLICY = re.compile(r"\b(?:" + "|".join(OPPOSE_CUES) + r")\b", re.I)
_REMOVE_VERBS = re.compile(
    r"\b(?:eas(?:e|es|ed|ing)|lift(?:s|ed|ing)?|loosen(?:s|ed|ing)?|scrap(?:s|ped)?|"
    r"remov(?:e|es|ed|ing)|drop(?:s|ped)?|end(?:s|ed|ing)?|relax(?:es|ed|ing)?)\b",
    re.I,
)

# What a statement calls the proposal when it does not repeat the question's words: "the bill", "her plan".
PROPOSAL_NOUNS = r"(?:bill|plan|proposal|legislation|measure|law|scheme|reform|motion|amendment)s?"
_PROPOSAL = re.compile(
    rf"\b(?:the|this|that|its|his|her|their|our|your|a|any|such a)\s+(?:[\w'-]+\s+)?{PROPOSAL_NOUNS}\b", re.I
)
# Keeping a restriction in place ("keep the ban", "the ban stays") is the opposite of removing it.
_KEEP_VERBS = re.compile(
    r"\b(?:keep(?:s|ing)?|kept|maintain(?:s|ed|ing)?|retain(?:s|ed|ing)?|preserv(?:e|es|ed|ing)|uphold(?:s|ing)?|"
    r"upheld|extend(?:s|ed|ing)?|protect(?:s|ed|ing)?)\b",
    re.I,
)
_RESTRICTION_STAYS = re.compile(
    r"\b(?:ban|bans|limits?|restrictions?|prohibition|moratorium|caps?|curbs?)\s+(?:(?:should|must|will|would|has to|"
    r"needs to)\s+)?(?:stays?|remains?(?: in place)?|stay|remain)\b",
    re.I,
)
# Withdrawing the proposal opposes it, whatever the proposal itself says ("drop its plan to lift the ban").
_WITHDRAW = re.compile(
    rf"\b(?:drop(?:s|ped|ping)?|withdr(?:aw|aws|awn|awing|ew)|scrap(?:s|ped|ping)?|abandon(?:s|ed|ing)?|"
    rf"shelv(?:e|es|ed|ing)|kill(?:s|ed|ing)?|block(?:s|ed|ing)?|tear(?:s|ing)? up|tore up)\s+"
    rf"(?:[\w'-]+\s+){{0,3}}?{PROPOSAL_NOUNS}\b"
    rf"|\b{PROPOSAL_NOUNS}\s+(?:to\s+)?be\s+(?:withdrawn|dropped|scrapped|abandoned|shelved|killed|blocked)\b",
    re.I,
)
# The proposal (or the removal it makes) as the cause of harm: "the plan would put the reefs at risk".
_HARM = re.compile(
    r"\b(?:would|will|could|might|can only)\s+(?:\w+\s+)?(?:breach|violat|harm|damag|destroy|threaten|undermin|"
    r"wreck|ruin|devastat|endanger|put\s+(?:[\w'-]+\s+){0,5}at risk|risk|hurt|poison|kill)",
    re.I,
)
# Critique of a restriction as out of date, self-defeating or mistaken supports removing it.
_RESTRICTION_CRITIQUE = re.compile(
    r"\b(?:outdated|out of date|obsolete|relic|a different (?:decade|era|age|century|time)|no longer|mistake|"
    r"failed|failure|absurd|self-imposed|(?:forbidden|forbid|forbids|barred|banned|prohibited)\s+"
    r"(?:itself|ourselves|themselves|yourselves|himself|herself))\b",
    re.I,
)
# Inaction as the alternative ("doing nothing", "saying no forever"): deploring it backs the action.
_INACTION = re.compile(
    r"\b(?:doing nothing|do nothing|say(?:ing|s)? no\b|another (?:\w+ )?(?:years?|decades?) of|"
    r"(?:months?|years?) of delay|wait(?:ing)? (?:any longer|another))",
    re.I,
)
# "X is not a policy", "X is no answer": the predicate negates what precedes it.
_NEGATED_PREDICATE = re.compile(r"^\W*(?:[\w'-]+\W+){0,4}?(?:is|are|was|were)\s+(?:not|no|never)\b", re.I)
_RESTRICTION_WORD = re.compile(r"\b(?:" + "|".join(sorted(RESTRICTION_WORDS, key=len, reverse=True)) + r")\b", re.I)

# Speech reported inside a statement: the words that follow are someone else's.
_NESTED_SPEECH = re.compile(
    r"\b(?P<who>[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w'-]+)\s+(?:said|says|told|claimed|insisted|wrote)\b(?!\s+(?:nothing|no)\b)"
)
_PROPOSAL_NOUN = re.compile(rf"\b{PROPOSAL_NOUNS}\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether)\b", re.I)
_CLAIM = re.compile(
    r"\s+(?:the\s+)?(?:suggestions?|claims?|fears?|concerns?|criticism|warnings?|reports?|accusations?|charges?|"
    r"allegations?|idea)\b",
    re.I,
)
# A negation does not reach past these: a new clause, or a comma before a new subject ("won't come, Okafor said").
_CLAUSE_OPENER = re.compile(r"\b(?i:that|which|because|who)\b|[;:]|,\s+(?=[A-Z])")

POLICY_SENTIMENT_WEIGHT = 0.3
# An ally's statement that names neither candidate counts as about the race when it is this evaluative.
ALLY_EVALUATIVE = 0.5
ALLY_RELEVANCE = 0.5


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


def names_pattern(prop: Proposition) -> re.Pattern[str]:
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
    proposal: bool = False  # the statement speaks of "the bill", "the plan" (or "it" after one), in a policy question
    allegiance: int = 0  # the speaker is the target's ally (+1) or on the other side (-1), as the article says

    @property
    def relevance(self) -> float:
        """How much the statement bears on the proposition, in [0, 1]."""
        if self.named:
            return 1.0
        if self.linked or self.self_reference:
            return 0.75
        if self.allegiance > 0 and self.person_target and (self.cues or abs(self.sentiment) >= ALLY_EVALUATIVE):
            # An ally's evaluative words are about the race even when they name only the other side: attacking the
            # rival is the campaign. (A rival campaign praising its own candidate takes no stance on the target.)
            return ALLY_RELEVANCE
        if (self.terms >= 0.3 or self.proposal) and not self.person_target:
            # A policy is talked about through its action's words, or as "the bill", "the plan"; a person's race
            # mostly through their name.
            return 0.75
        if self.terms > 0:
            return 0.4
        if self.context:
            return 0.25
        return 0.05


def gather(prop: Proposition, item: StanceItem) -> Evidence:
    text = normalise(item.text)
    names = names_pattern(prop)
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
    # The tone of a clause in which the target attacks someone, or others are described as backing it ("Okafor
    # mocked Brask", "groups that support Okafor"), is no tone toward the target.
    toned = [c for c in focus if not (prop.person_target and (_deflected(c, names) or _other_subject(c, names)))]
    # A restriction's own word ("ban", "limits") is negative in VADER's lexicon whichever side speaks of it.
    sentiment = (
        sum(_vader().polarity_scores(_RESTRICTION_WORD.sub("rule", c))["compound"] for c in toned) / len(toned)
        if toned
        else 0.0
    )
    if not prop.person_target:
        # A policy's own words carry valence that is not stance ("strikes", "weapons", "war"): trust cues more.
        sentiment *= POLICY_SENTIMENT_WEIGHT
    proposal = not prop.person_target and bool(_PROPOSAL.search(text))
    if item.cue and not prop.person_target:
        # The attribution cue can carry the stance ("objected to", "accused"): read it with the content's start.
        first = normalise(item.cue) + " " + focus[0]
        focus = [first, *focus[1:]] if about or clauses else [first]
    cues = 0.0
    third_party = False
    for clause in focus:
        reported = _reported_holder(clause, speaker, prop, item.direct)
        if reported:
            third_party = True
            continue
        cues += _cue_polarity(clause, policy=not prop.person_target, target=names if prop.person_target else None)
    if prop.person_target:
        # The cue before the content is aimed at what the content names: at the target, or at someone else
        # ("accused | the Harbour Board of ...").
        # Its object is the content's head: "endorsed | Okafor for mayor", "backed | the nominee"; not "accused | the
        # donors who back Okafor", whose target comes later.
        head = " ".join(text.split()[:4])
        elsewhere = not names.search(head) if named else _names_someone_else(text, names)
        lead, lead_named = _lead_in(item, names, aimed_elsewhere=elsewhere)
        cues += lead
        # "endorsed | the nominee" after the target was named in the same sentence: the content is the target.
        linked = linked or bool(lead and lead_named and not named and not speaker_is_target)
    if not proposal and cues and not prop.person_target:
        # A stance cue on a policy ("we will oppose it", "every month of delay") is about the proposal when the
        # statement holds one of its words or the sentences around it speak of it.
        around = normalise(item.before + " " + item.after)
        around_stems = {_stem(w) for w in re.findall(r"[a-z][\w-]+", around.lower())}
        proposal = terms > 0 or bool(_PROPOSAL.search(around)) or any(_stem(t) in around_stems for t in prop.terms)
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
        # Polls and forecasts as the source ("online polls", "a Harbour Post survey") report, they take no side.
        reporting=bool(REPORTING.search(text)) or bool(_REPORTING_SOURCE.search(speaker)),
        self_reference=self_reference,
        person_target=prop.person_target,
        proposal=proposal,
    )


# At most this many words between a stance cue before the content and the content itself ("endorsed | Okafor",
# "threw its support behind | the nominee", "hailed Okafor as | ...").
LEAD_CUE_REACH = 3


def _names_someone_else(text: str, names: re.Pattern[str]) -> bool:
    """A capitalised word (past the first) that is not one of the target's names."""
    rest = names.sub(" ", text)
    return any(w[:1].isupper() and w != "I" for w in re.findall(r"[\w'-]+", rest)[1:])


def _lead_in(item: StanceItem, names: re.Pattern[str], aimed_elsewhere: bool = False) -> tuple[float, bool]:
    """The stance of a cue that governs the content from just before it, in its sentence: the verb whose object
    the content is. Also whether the target is named earlier in that sentence. (A person question reads no cue
    otherwise: "said" carries no stance, and the content is what the speaker said.)"""
    before = _TITLE_STOP.sub(r"\1", normalise(item.before)) if item.before else normalise(item.cue)
    sentence = re.split(r"[.!?][\"')]*\s+", before)[-1]
    lead = re.split(r"[,;:\"()]", sentence)[-1]
    value = 0.0
    for pattern, sign in ((_CUE_SUPPORT, 1.0), (_CUE_OPPOSE, -1.0)):
        for match in pattern.finditer(lead):
            between = lead[match.end() :]
            if len(between.split()) > LEAD_CUE_REACH or _not_on_target(lead, match, names):
                continue
            if aimed_elsewhere and not names.search(between):
                continue
            value += -sign if _negated_before(lead, match.start()) else sign
    return value, bool(names.search(sentence))


def _reported_holder(clause: str, speaker: str, prop: Proposition, direct: bool = False) -> bool:
    """True when the clause's stance words describe a third party's position, not the speaker's."""
    nested = _NESTED_SPEECH.search(clause)
    # The statement reports someone else's words ("Holm said she backed the letter"); "she said" is the speaker in
    # indirect speech, but someone else in a direct quote.
    if (
        nested
        and not (speaker and nested["who"] in speaker.split())
        and (direct or FIRST_PERSON.search(clause) or nested["who"].lower() not in {"he", "she", "they"})
    ):
        return True
    for match in THIRD_PARTY.finditer(clause):
        holder = match["holder"]
        if holder.lower() in {"he", "she", "i", "we", "they", "it"}:
            # In indirect speech "he"/"she" is most often the speaker ("Cruz said he backs ..."); "it" a body.
            continue
        if speaker and any(w in speaker.split() for w in holder.split() if w[:1].isupper()):
            continue
        return True
    return False


def _cue_polarity(clause: str, policy: bool = False, target: re.Pattern[str] | None = None) -> float:
    """Sum of stance cues in a clause: +1 per support cue, -1 per oppose cue; negation flips one, restriction
    objects ("the limits", "a ban") flip its direction, and removing a restriction supports the proposition.
    With `target` (a person's names) a cue describing others ("voters who back her") or an attack the target makes
    on someone else ("Okafor mocked Brask") is no stance.
    With `policy` (a question about a policy, not a person) also: withdrawing the proposal, keeping a restriction,
    harm caused by the proposal, critique of a restriction and of inaction (see `_policy_polarity`)."""
    if policy:
        withdraw = _WITHDRAW.search(clause)
        if withdraw:
            # The withdrawn proposal's own content ("its plan to lift the ban") is its object, not a second stance.
            return -1.0 if not _negated_before(clause, withdraw.start()) else 1.0
    total = 0.0
    objects: list[tuple[int, int]] = []
    oppose = _CUE_OPPOSE_POLICY if policy else _CUE_OPPOSE
    for pattern, sign in ((_CUE_SUPPORT, 1.0), (oppose, -1.0)):
        for match in pattern.finditer(clause):
            if policy and _not_a_stance(clause, match, sign):
                continue
            if target is not None and _not_on_target(clause, match, target):
                continue
            value = sign
            if _negated_before(clause, match.start()):
                value = -value
            after = clause[match.end() : match.end() + 40].lower()
            # "support the restrictions" opposes the action; "argue for lifting the limits" does not.
            if any(w in RESTRICTION_WORDS for w in re.findall(r"[a-z]+", after)[:4]) and not _REMOVE_VERBS.search(
                after
            ):
                value = -value
            total += value
            objects.append((match.end(), match.end() + 40))
    for match in _REMOVE_VERBS.finditer(clause):
        if any(start <= match.start() < end for start, end in objects) or (
            policy and _hypothetical(clause, match.start())
        ):
            # "oppose the lifting of the ban": the removal is the cue's object, already counted through it; "whether
            # to lift the ban" is a question, not a call.
            continue
        after = clause[match.end() : match.end() + 60].lower()
        if any(w in RESTRICTION_WORDS for w in re.findall(r"[a-z]+", after)[:6]):
            value = 1.0
            if policy and _HARM.search(clause[match.end() :]):
                # "lifting the ban would breach the agreement": the removal is blamed, not backed.
                value = -1.0
            total += value
    if policy:
        total += _policy_polarity(clause)
    return total


# Capitalised words that name no one (a sentence's first word, titles).
_FUNCTION_WORD = re.compile(
    r"^(?:The|A|An|But|And|I|It|He|She|We|They|This|That|These|Those|In|On|At|As|If|So|Well|Mr|Mrs|Ms|Dr|Sen|Rep|"
    r"Gov|What|When|Where|Why|How|Who|There|Here|Now|Then|Yes|No|Oh)$"
)


def _other_subject(clause: str, names: re.Pattern[str]) -> bool:
    """Someone else named before the target in the clause ("Brask's ad mocks Okafor's 'fear'"): the clause's tone is
    about that subject as much as the target."""
    first = names.search(clause)
    if not first:
        return False
    words = re.findall(r"[A-Z][\w'-]+", clause[: first.start()])
    return any(not _FUNCTION_WORD.match(w) and not names.fullmatch(w) for w in words)


def _deflected(clause: str, names: re.Pattern[str]) -> bool:
    """A clause holding a cue that `_not_on_target` sets aside."""
    return any(
        _not_on_target(clause, match, names)
        for pattern in (_CUE_SUPPORT, _CUE_OPPOSE)
        for match in pattern.finditer(clause)
    )


def _not_on_target(clause: str, match: re.Match[str], target: re.Pattern[str]) -> bool:
    """A cue on a person question that takes no side on the target: a relative clause or participle describing
    others ("groups that support Okafor", "voters backing Okafor"), and an attack made BY the target ("Okafor
    mocked Brask", "Okafor's ad attacks the council"): the target named before the verb and not after it."""
    before = clause[: match.start()]
    if _DESCRIBED.search(before):
        return True
    host = _PARTICIPLE_HOST.search(before)
    if (
        re.match(r"(?:support|back|oppos|endors)\w*ing$", match.group(0), re.I)
        and host
        and host[1].lower() not in _AUXILIARIES
        and not host[1].lower().endswith("ly")
    ):
        return True
    if _VICE.match(match.group(0)) and _AGAINST_VICE.search(before[-50:]):
        # Standing against a vice ("sick and tired of racism", "overcome sexism") attacks no one.
        return True
    if not _ATTACK_VERB.match(match.group(0)):
        return False
    after = clause[match.end() : match.end() + 60]
    if re.match(r"\s+by\b", after):
        # Passive: "Okafor was mocked by Brask" is an attack on the target.
        return False
    return bool(target.search(before)) and not target.search(after)


def _negated_before(clause: str, start: int) -> bool:
    window = clause[max(0, start - 40) : start]
    # A negation does not reach across a new clause: "had not changed and that it would fight the bill".
    window = _CLAUSE_OPENER.split(window)[-1]
    return bool(re.search(rf"\b{NEGATORS}\b|n't\b", window, re.I))


def _hypothetical(clause: str, start: int) -> bool:
    """True when `start` lies inside an "if ..." or "whether ..." clause (up to its closing comma)."""
    before = clause[:start]
    openers = list(_HYPOTHETICAL.finditer(before))
    return bool(openers) and not re.search(r"[,;:]", before[openers[-1].end() :])


def _not_a_stance(clause: str, match: re.Match[str], sign: float) -> bool:
    """Cue words on a policy that take no side on it: a hypothetical ("if they voted in favour", "whether to
    lift"), what the proposal itself would allow ("the bill would allow ..."), and rejecting a claim about it
    ("rejected suggestions that ...", whose side depends on the claim)."""
    before = clause[: match.start()]
    if _hypothetical(clause, match.start()):
        return True
    if sign > 0 and re.match(r"(?:would|will|could)\s", match.group(0), re.I) and _PROPOSAL_NOUN.search(before[-40:]):
        return True
    return sign < 0 and bool(_CLAIM.match(clause[match.end() :]))


def _policy_polarity(clause: str) -> float:
    """The policy rules that need no cue verb: keeping a restriction opposes lifting it; the proposal causing
    harm opposes it; calling a restriction outdated or self-defeating, or deploring inaction, backs the action."""
    total = 0.0
    for match in _KEEP_VERBS.finditer(clause):
        after = clause[match.end() : match.end() + 40].lower()
        if any(w in RESTRICTION_WORDS for w in re.findall(r"[a-z]+", after)[:4]):
            total += 1.0 if _negated_before(clause, match.start()) else -1.0
    if _RESTRICTION_STAYS.search(clause):
        total -= 1.0
    proposal = _PROPOSAL.search(clause)
    if proposal and _HARM.search(clause[proposal.end() :]):
        total += 1.0 if _negated_before(clause, proposal.start()) else -1.0
    if _RESTRICTION_CRITIQUE.search(clause) and (
        _RESTRICTION_WORD.search(clause) or re.search(r"\b(?:forb|barred|prohibit)", clause, re.I)
    ):
        total += 1.0
    for match in _INACTION.finditer(clause):
        deplored = _negated_before(clause, match.start()) or _NEGATED_PREDICATE.search(clause[match.end() :])
        saying_no = match.group(0).lower().startswith("say")
        # "doing nothing" and "another decade of" are said by those who want action; "say no" backs the refusal
        # unless it is negated ("cannot afford to say no", "saying no is not a policy").
        total += 1.0 if deplored or not saying_no else -1.0
    return total
