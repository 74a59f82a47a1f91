"""Whose side a speaker is on, read from how the article introduces them: "Trump campaign manager", "a top Okafor
surrogate", "a spokeswoman for the Okafor campaign", "Okafor's running mate", "who endorsed Okafor", "a critic of
Okafor", or a record's `role` field.

An ally's evaluative words about the race are promotion of their candidate (their harsh words are aimed at the
rival), a rival campaign's are opposition. Only campaign roles make someone a rival: an adviser of some other
official is not in the race. Nothing here knows any name: the target's names come from the question, other names
from the article's capitalised words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stancemap.stance.proposition import Proposition

# Roles that tie a person to a candidate's campaign (and so, in an election question, against its rivals).
CAMPAIGN_ROLE = (
    r"(?:campaign(?:'s)?\s+(?:manager|chair(?:man|woman)?|spokes(?:man|woman|person)|adviser|advisor|aide|official|"
    r"staffer|director|strategist|pollster|surrogate)s?|running mate|surrogates?|campaign)"
)
# Roles that make someone an ally of a person without being in a race with them.
ALLY_ROLE = (
    r"(?:spokes(?:man|woman|person)|press secretary|(?:communications|political|policy|finance) director|"
    r"(?:senior |top |chief |policy |longtime |close |key )?"
    r"(?:adviser|advisor|aide|strategist|confidant|loyalist|backer|supporter|ally)s?|allies)"
)
_NAME = r"[A-Z][\w'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'-]+)*"
# Titles end in a full stop that ends no description ("Gov. Kay Ruel", "Sen. Ivo Marsh").
_TITLE_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Lt|Col|Capt|Rev|Hon)\.(?=\s)")
# Electoral questions: a rival's campaign is against the target.
_RACE = frozenset({"win", "election", "elected", "race", "nomination", "presidency", "vote", "primary", "contest"})
# Party adjectives that name the same party (a running mate is the same party's vice-presidential nominee).
_PARTY_SAME = {"gop": "republican", "democrat": "democratic", "labor": "labour"}
NEIGHBOURHOOD = 100
# ", a top Okafor surrogate,": an apposition opens with a determiner or a relative pronoun.
_APPOSITION = re.compile(r"\s*(?:\([^)]*\)\s*)?,\s*((?:a|an|the|who|which|one of|his|her|their)\b[^,;.!?\"\n]+)")
_PHRASE_BREAK = re.compile(
    r"\b(?:said|says|say|told|asked|that|and|or|but|is|was|are|were|be|been|has|have|had|when|while|as|of|by|with|"
    r"from|on|at|in|to|for|if|than|like|about|after|before)\s+|[\"(]"
)
# Described as a candidate: in an election question, the target's rival (the target itself is never described
# against itself: a speaker that is the target is not judged for allegiance).
_CANDIDATE = re.compile(r"\b(?:(?:vice[- ])?presidential\s+(?:nominee|candidate)|[A-Z]\w+\s+nominee)\b")
# A group named after the target ("Okafor supporters", "the Okafor campaign") is not the target.
_GROUP = re.compile(r"\b(?:campaign|supporters?|voters|critics?|allies|camp|team|backers|fans)\b", re.I)
_TITLES = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Lt|Col|Capt|Rev|Hon|Senator|Governor|Representative)"


def _name_alternatives(names: Iterable[str]) -> str:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    return r"(?:" + "|".join(re.escape(n) for n in ordered) + r")" if ordered else r"(?!x)x"


def _ally_patterns(name: str, role: str) -> list[re.Pattern[str]]:
    """`name` is a regex for whom the speaker is tied to; `role` which ties count."""
    return [
        # "Okafor's campaign manager", "Okafor's longtime aide"
        re.compile(rf"\b{name}(?:'s|')\s+(?:[\w-]+\s+){{0,2}}?{role}\b"),
        # "Okafor campaign manager", "a top Okafor surrogate", "Okafor supporters"
        re.compile(rf"\b{name}\s+(?:[a-z-]+\s+)?{role}\b"),
        # "a spokeswoman for the Okafor campaign", "an adviser to Okafor"
        re.compile(rf"\b{role}\s+(?:for|to|of|with|on)\s+(?:the\s+)?{name}\b"),
    ]


def _opponent_patterns(name: str) -> list[re.Pattern[str]]:
    return [
        re.compile(rf"\b(?:critics?|opponents?|detractors?)\s+of\s+{name}\b"),
        re.compile(rf"\b{name}(?:'s|')?\s+(?:critics?|opponents?|detractors?)\b"),
        re.compile(rf"\b(?:never|anti)[- ]{name}\b"),
    ]


_ENDORSED = (
    r"(?:endors(?:ed|es|ing)|campaign(?:ed|ing|s)?\s+for|stump(?:ed|ing|s)?\s+for|(?:is|are|was|were)\s+backing)"
)
# In the speaker's own words: "my running mate, Kay Ruel", "his running mate Ruel's tweet", "our nominee".
_OWN_TIE = r"(?:my|our|his|her|their)\s+(?:running mate|candidate|nominee|boss)\b,?\s+(?:[\w.-]+\s+){0,3}?"


def normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def speaker_descriptions(article_text: str, speaker: str) -> list[str]:
    """How the article introduces `speaker`: the words just before each mention of its name (or a person's surname)
    that end in a role ("Okafor campaign manager Ilse Varn", "Gov. Ilse Varn" less the title), and the apposition
    just after that opens with a determiner ("Varn, a top Okafor surrogate,"). Empty when the speaker is not named."""
    words = speaker.split()
    if not words or not article_text:
        return []
    text = _TITLE_STOP.sub(r"\1", normalise(article_text))
    forms = [re.escape(normalise(speaker))]
    if len(words) > 1 and all(w[:1].isupper() for w in words) and len(words[-1]) > 2:
        # A person's surname names them again ("Varn said"); a group's last word ("voters backing Okafor") does not.
        forms.append(re.escape(normalise(words[-1])))
    found = []
    for match in re.finditer(rf"\b(?:{'|'.join(forms)})\b", text):
        before = text[max(0, match.start() - NEIGHBOURHOOD) : match.start()]
        premodifier = re.search(rf"(?:[\w'-]+\s+){{1,6}}?(?:{_TITLES}\s+)*$", before)
        if premodifier:
            # Only the noun phrase that ends at the name: what follows the last verb or preposition before it
            # ("... questioned the health of | Ilse Varn" describes nothing).
            phrase = re.split(_PHRASE_BREAK, premodifier.group(0))[-1]
            phrase = re.sub(rf"(?:\s*\b{_TITLES})*\s*$", "", phrase).strip()
            if phrase:
                found.append(phrase)
        after = text[match.end() : match.end() + NEIGHBOURHOOD]
        apposition = re.match(
            r"\s*(?:\([^)]*\)\s*)?,\s*((?:a|an|the|who|which|one of|his|her|their)\b[^,;.!?\"\n]+)", after
        )
        if apposition:
            found.append(apposition.group(1).strip())
    return found


def race_question(prop: Proposition) -> bool:
    return any(term in _RACE for term in prop.terms)


def allegiance(
    prop: Proposition,
    speaker: str,
    descriptions: Iterable[str],
    statements: Iterable[str] = (),
    article_text: str = "",
) -> int:
    """+1 when the speaker is the target's ally, -1 when a critic of the target or (in an election question) on a
    rival's campaign, 0 when the article does not say. `descriptions` are how the article introduces the speaker
    (and its `role`), `statements` the speaker's own words in the article."""
    target = _name_alternatives(normalise(n) for n in prop.names)
    if not prop.person_target or (re.search(rf"\b{target}\b", normalise(speaker)) and not _GROUP.search(speaker)):
        # Not a person question, or the target itself (its own words are self-reference, not allegiance).
        return 0
    described = [_TITLE_STOP.sub(r"\1", normalise(d)) for d in descriptions]
    # A group named for its side ("Okafor supporters", "critics of Okafor") says it in its name.
    described.append(normalise(speaker))
    own = [_TITLE_STOP.sub(r"\1", normalise(s)) for s in statements]
    for text in described:
        if any(p.search(text) for p in _opponent_patterns(target)):
            return -1
    for text in described:
        if any(_current(text, p) for p in _ally_patterns(target, rf"(?:{CAMPAIGN_ROLE}|{ALLY_ROLE})")):
            return 1
        if re.search(rf"\b(?:who|which|that)\s+(?:has\s+|had\s+)?{_ENDORSED}\s+(?:[\w.-]+\s+)?{target}\b", text):
            return 1
    if re.search(rf"\b(?:endorsing|backing|supporting)\s+(?:[\w.-]+\s+)?{target}\b", normalise(speaker)):
        return 1
    if any(re.search(rf"\b{_OWN_TIE}{target}\b", s) for s in own):
        return 1
    if _same_ticket(target, described, normalise(article_text)):
        return 1
    if race_question(prop):
        # Another candidate in the race ("the Democratic nominee"), or on another candidate's campaign.
        for text in described:
            if _CANDIDATE.search(text):
                return -1
            for pattern in _ally_patterns(rf"(?P<other>{_NAME})", CAMPAIGN_ROLE):
                for match in pattern.finditer(text):
                    if not re.search(target, match["other"]) and _current(text, pattern):
                        return -1
    return 0


def _current(text: str, pattern: re.Pattern[str]) -> bool:
    """The pattern matches a tie that still holds: "a former Okafor aide" is no ally now."""
    return any(
        not re.search(r"\b(?:former|ex-|onetime|one-time|erstwhile)\s*(?:\S+\s+){0,2}$", text[: m.start()], re.I)
        for m in pattern.finditer(text)
    )


def _same_ticket(target: str, described: list[str], article_text: str) -> bool:
    """The speaker is its party's vice-presidential nominee and the target the same party's nominee."""
    for text in described:
        vp = re.search(r"\b(\w+)\s+vice[- ]presidential\s+(?:nominee|candidate)\b", text, re.I)
        if not vp:
            continue
        party = _PARTY_SAME.get(vp[1].lower(), vp[1].lower())
        for match in re.finditer(
            rf"\b(\w+)\s+(?:presidential\s+)?(?:nominee|candidate)\s+(?:[\w.]+\s+)?{target}\b", article_text
        ):
            if _PARTY_SAME.get(match[1].lower(), match[1].lower()) == party:
                return True
    return False
