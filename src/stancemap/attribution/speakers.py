"""Source mentions of statements -> who is speaking: canonical name, kind, role and whether the source is anonymous.

`resolve_speakers` reads one parsed article (our `en_stancemap` pipeline) and the character span of each
statement's source mention, in text order, and resolves each through the article:

- names through `stancemap.actors` (knowledge file, short names, titles, metonyms), with proper-noun runs the
  tagger missed added as person mentions, since the NER alone is too weak to trust;
- personal pronouns by salience: people (or groups, for "they"; organisations, for "it") met in the preceding
  sentences, scored by recency, subject position and whether they were the previous statement's speaker, with
  gender learnt from honorifics, gendered nouns and the pronouns that follow each person's unambiguous mentions;
- "I"/"we" inside a quotation to the speaker of that quotation (the nearest source outside it in the paragraph);
- relative "who"/"which" to the noun the clause hangs from; possessives ("his campaign") through their owner;
- nominals: anonymous descriptions ("two people familiar with the talks"), groups ("the senators" after "a
  bipartisan group of senators"), organisations ("the campaign", "a union representing flight attendants"), people
  by office ("the minister") or second reference ("the Republican nominee"), outlets behind "the article";
- roles from titles ("Foreign Minister Ann Li") and appositives ("Jane Roe, a fellow at X"), carried over to later
  mentions of the same person.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from stancemap.actors.doc import mentions_from_doc
from stancemap.actors.knowledge import PERSON_ROLE_WORDS, fold, load_knowledge, word_set
from stancemap.actors.resolve import HONORIFICS, Mention, parse_title, resolve_mentions
from stancemap.nlp.entity_repair import INSTITUTION_HEADS
from stancemap.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

KINDS = ("person", "organization", "country", "group", "anonymous", "unknown")

# Personal pronouns: (person, gender, number); gender m/f/n or None, number sg/pl.
PRONOUNS: dict[str, tuple[int, str | None, str]] = {
    **dict.fromkeys(("he", "him", "his", "himself"), (3, "m", "sg")),
    **dict.fromkeys(("she", "her", "hers", "herself"), (3, "f", "sg")),
    **dict.fromkeys(("it", "its", "itself"), (3, "n", "sg")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), (3, None, "pl")),
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), (1, None, "sg")),
    **dict.fromkeys(("we", "us", "our", "ours", "ourselves"), (1, None, "pl")),
    **dict.fromkeys(("you", "your", "yours", "yourself"), (2, None, "sg")),
}
RELATIVES = word_set("who whom which that whose")
DETERMINERS = word_set("the a an this that these those some")
QUOTE_OPEN = "“«„‟"
QUOTE_CLOSE = "”»"
# Heads of descriptions that stand for people without naming them.
ANONYMOUS_HEADS = word_set(
    """official officials source sources person people aide aides adviser advisers advisor advisors insider insiders
    staffer staffers diplomat diplomats officer officers employee employees someone individual individuals member
    members strategist strategists operative operatives lawyer attorney friend friends associate associates
    confidant confidants ally allies"""
)
# Words that make a description anonymous whatever its determiner.
ANONYMITY_MARKS = (
    "familiar with", "anonymity", "not authorized", "not authorised", "asked not to be", "declined to be",
    "requested anonymity", "not be named", "not be identified", "who spoke", "briefed on",
)  # fmt: skip
# Determiners and quantifiers of an unnamed description ("a senior official", "two people", "several aides").
INDEFINITE = word_set("a an one two three four five six several some many few multiple other another numerous")
# Heads of nominals that name an organisation ("the campaign", "the committee").
ORGANIZATION_HEADS = word_set(
    """campaign committee administration company firm agency department ministry government party bank council
    commission court board network newspaper paper magazine union association foundation institute center centre
    university office bureau team organization organisation group coalition alliance corporation station channel
    outlet website site poll survey study paper journal house senate congress parliament authority authorities
    service police army navy force forces ministry embassy automaker carmaker manufacturer maker producer retailer
    insurer lender airline carrier operator developer publisher broadcaster"""
)
# "a group of senators": the members, not the collective, are the head a later "the senators" repeats.
COLLECTIVES = word_set(
    """group groups number coalition bunch couple handful majority minority dozen dozens hundreds thousands"""
)
# Collectives that act as one body ("a bipartisan group of senators"), unlike quantities ("a handful of aides").
GROUPS = word_set("group coalition delegation caucus bloc")
# Words that take some people out of a set ("some of the aides", "one of them").
PARTITIVES = word_set("some many most few several none each both all")
# Members of a legislature under their several names: "the lawmakers" repeats "a group of 38 MPs" or "a group of
# members of parliament", as "the senators" repeats "a group of senators".
LEGISLATORS = word_set(
    "lawmaker legislator mp deputy senator representative congressman congresswoman parliamentarian assemblyman"
)
LEGISLATURES = word_set("parliament congress senate assembly legislature house chamber")
# Prepositions that end a source's head phrase ("polls by news outlets", "a fellow at X"); the tagger's IN tag alone
# is not trusted (it tags "nominee" IN now and then).
PREPOSITIONS = word_set(
    """of in at for with from by on to about like after before including among near over under against during
    without within across behind into per as than since until via inside outside around between"""
)
FEMALE_WORDS = word_set(
    """mrs ms miss madam dame lady woman women mother wife daughter sister girl grandmother aunt niece queen
    spokeswoman congresswoman chairwoman businesswoman actress widow mom mommy mum grandma"""
)
MALE_WORDS = word_set(
    """mr sir lord man men father husband son brother boy grandfather uncle nephew king spokesman congressman chairman
    businessman actor widower dad daddy grandpa"""
)
# Common given names (US and UK news): a first guess at a person's gender before the article's pronouns say.
FEMALE_NAMES = word_set(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra ashley
    dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen
    amy shirley angela helen anna brenda pamela nicole samantha katherine christine emma ruth julie olivia victoria
    hillary melania ivanka chelsea kellyanne hope huma nikki sheryl condoleezza madeleine nancy elizabeth dianne
    kamala kirsten claire tammy amy debbie loretta janet sonia ruth elena theresa angela marine hannah grace alice
    rachel megan megyn maria diane jane joan joanne jill gennifer paula monica kathy katie kate karen kelly heather
    olive melanie jo judith judy martha gloria alicia ann anne marie rosa carmen valerie wendy susanna sally holly
    carly michele lauren brooke abby abigail natalie sophia isabella madison chloe ella zoe lily ellen
    beth erin tina tracy vanessa yvonne nina irene eleanor eva hilary harriet fiona sheila maureen jacqueline"""
)
MALE_NAMES = word_set(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
    donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
    nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick
    jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith
    christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert
    willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny mike
    barack bill bernie ted marco jeb chris rand ben newt rudy reince rudolph mitt mitch paul harry chuck
    rick tim bob tom jim jon hugh rush sean vladimir xi boris francois emmanuel recep bashar
    ed al colin mike dick karl steve sid jared eric lou reid devin jason trey elijah jeff jimmy herman lyndon ronald
    ted sherrod robert dave bryan tony nigel david ed ehud benjamin binyamin hassan ali mohammed muhammad"""
)
GIVEN_NAMES = FEMALE_NAMES | MALE_NAMES
# Capitalised words that are never a speaker's name.
CALENDAR = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december today yesterday tomorrow"""
)
# How far back (in sentences) a pronoun's antecedent is looked for, and the weights of the salience score.
WINDOW_SENTENCES = 4
RECENCY_WEIGHT = 0.6
SUBJECT_BONUS = 1.0
PREVIOUS_SPEAKER_BONUS = 1.5
QUOTED_PENALTY = 1.5
GENDER_BONUS = 0.3
GIVEN_NAME_WEIGHT = 5


# Nouns for a person that, singular and unnamed ("a doctor", "one Republican"), make an anonymous source.
PERSON_NOUNS = word_set(
    """doctor physician nurse republican democrat conservative liberal lawmaker legislator expert analyst economist
    voter resident witness neighbor neighbour supporter critic activist protester observer reporter journalist
    producer contestant editor manager executive investor banker student teacher professor researcher scientist
    veteran soldier police officer detective agent investigator negotiator participant attendee questioner caller
    man woman"""
)
# Things that speak for whoever wrote or issued them ("the article", "a statement").
DOCUMENT_HEADS = word_set(
    """article piece story statement report editorial letter tweet tweets post column memo release ad advertisement
    book interview video op-ed email message note speech remarks filing complaint lawsuit documents document"""
)
# Documents an outlet publishes: a definite one ("the article") speaks for the outlet, not the last person quoted.
PUBLICATIONS = word_set("article piece story report editorial column op-ed")
DEFINITE = word_set("the this that these those")
# Words that open unnamed descriptions ("Senior officials", "Former aides").
SENIORITY = word_set("senior former top junior current longtime longstanding veteran retired")
# Nouns that, definite and singular, are a second reference to a person named before ("the billionaire").
DESCRIPTORS = word_set(
    """billionaire businessman businesswoman mogul tycoon hopeful contender frontrunner front-runner incumbent
    challenger democrat republican nominee candidate"""
)
# Titles before names that the knowledge file's role list lacks.
EXTRA_TITLES = word_set("councillor councilor councilman councilwoman alderman alderwoman nominee candidate")
POSSESSIVES = word_set("his her its their our my your")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a statement is attributed to.

    `name` is canonical ("Mike Pence", "Kremlin", "the senators", "anonymous: two people familiar with the talks"),
    None when nothing says who. `role` is what the article calls the speaker ("Secretary of State", "a fellow at
    the Centre for Y"), None when the text gives none.
    """

    name: str | None
    kind: str  # person | organization | country | group | anonymous | unknown
    role: str | None
    anonymous: bool


UNKNOWN = Speaker(None, "unknown", None, False)


@dataclass(slots=True)
class _Entity:
    """What the article says about one actor: name, kind, role."""

    key: str
    name: str
    kind: str
    role: str | None = None
    plural: bool = False
    office: str | None = None  # the knowledge file's office at the article date, for "the senator"


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """One mention of an entity (or one resolved speaker): where, in which sentence, whether it is a subject or
    inside a quotation."""

    key: str
    start: int
    sentence: int
    subject: bool
    quoted: bool


def resolve_speakers(
    doc: Doc,
    sources: Sequence[tuple[int, int] | None],
    article_date: date | None = None,
    *,
    cues: Sequence[tuple[int, int] | None] | None = None,
) -> list[Speaker]:
    """One `Speaker` per source span (`None` where a statement has no source), resolved through the article.

    `doc` is the parse of the whole article; `sources` index `doc.text` and come in text order. `cues`, when given
    (one per statement, like `sources`), lets a statement without a source span take the subject of its cue verb
    ("..., he added" with the "he" not found) or the words after "according to".
    """
    if cues is not None and len(cues) != len(sources):
        raise ValueError(f"{len(cues)} cues for {len(sources)} sources")
    if cues is not None:
        pairs = zip(sources, cues, strict=True)
        sources = [source if source is not None else _implied_source(doc, cue) for source, cue in pairs]
    return _Article(doc, sources, article_date).resolve_all()


def _implied_source(doc: Doc, cue: tuple[int, int] | None) -> tuple[int, int] | None:
    """The source a cue implies: the subject of its verb (climbing from "adding" or a conjoined verb to the clause
    that has one), or the noun phrase after "according to"."""
    if cue is None:
        return None
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    if span.text.lower().startswith("according"):
        after = [t for t in doc[span.end : span.end + 12] if not t.is_space]
        words: list[Token] = []
        for token in after:
            if token.is_punct and token.text not in ("'s", "’s", "-"):
                break
            words.append(token)
        return (words[0].idx, words[-1].idx + len(words[-1])) if words else None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")] or [span.root]
    verb = verbs[0]
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
        if subjects:
            subject = subjects[0]
            first = subject.left_edge
            # An opening adverbial the parse hung on the subject ("In September 2013, Chinese President Xi
            # Jinping chose ...") is not part of who acted: the subject starts after its comma.
            commas = [t for t in doc[first.i : subject.i] if t.text == ","]
            if commas and first.pos_ == "ADP":
                first = doc[commas[-1].i + 1]
            return first.idx, subject.right_edge.idx + len(subject.right_edge)
        if verb.dep_ not in ("conj", "advcl", "xcomp", "parataxis") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


class _Article:
    """One article's parse, its actors and where they are mentioned; resolves its statements' sources in order."""

    def __init__(self, doc: Doc, sources: Sequence[tuple[int, int] | None], article_date: date | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.sources = list(sources)
        self.kb = load_knowledge()
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n", self.text)]
        # The parser's sentences, blank lines among them (each paragraph break counts): the salience window and
        # weights were set on these units (docs/design/attribution.md, Speaker resolution).
        self.sentence_starts = [s.start_char for s in doc.sents]
        self.quotes = _quotations(self.text)
        self.entities: dict[str, _Entity] = {}
        self.by_token: dict[int, str] = {}  # token index -> entity key
        self.occurrences: list[_Occurrence] = []
        self.titles: dict[int, str] = {}  # token index of a person mention's last word -> the role its title gives
        self.title_words: dict[int, str] = {}  # a person mention's start -> its title as written, where it has one
        self.gender: dict[str, Counter[str]] = defaultdict(Counter)
        self.parties: dict[str, _Entity | None] = {}  # a group's name -> the party the article names for it
        # Filled while resolving, in text order: each resolved source (offset, speaker), and each pronoun between
        # the sources with the actor it was taken for.
        self.spoken: list[tuple[int, Speaker]] = []
        self.chain: list[tuple[_Occurrence, Speaker]] = []
        self._read_entities(article_date)
        self._read_gender()

    # -- the article's actors -----------------------------------------------------------------------------------
    def _read_entities(self, article_date: date | None) -> None:
        mentions = [self._split_title(self._person_not_place(m)) for m in mentions_from_doc(self.doc, self.kb)]
        covered = {t.i for m in mentions for t in self._tokens(m.start, m.end)}
        mentions += [self._split_title(m) for m in self._missed_names(covered)]
        mentions.sort(key=lambda m: m.start)
        resolved = resolve_mentions(mentions, article_date.isoformat() if article_date else None, self.kb)
        for item in resolved:
            mention, actor = item.mention, item.actor
            tokens = self._tokens(mention.start, mention.end)
            if actor is None or not tokens:
                continue
            kind = _kind(actor)
            if kind == "group" and fold(actor.name).split()[-1:] in (["government"], ["administration"], ["regime"]):
                kind = "organization"  # "the Estvanian government": a country the knowledge file lacks still governs
            entity = self.entities.get(actor.id)
            if entity is None:
                # Organisations and metonyms go by the words the article uses ("the White House", "FBI"), people by
                # their full name, countries by the knowledge file's name.
                surface = kind == "organization" or item.metonym
                name = _strip_the(_clean(POSSESSIVE_END.sub("", mention.text))) if surface else actor.name
                entity = self.entities[actor.id] = _Entity(actor.id, name or actor.name, kind)
                entity.plural = kind == "group"
                entity.office = actor.role
            for t in tokens:
                self.by_token[t.i] = actor.id
            last = tokens[-1]
            if (mention.title or mention.start in self.title_words) and entity.kind == "person":
                role = self.title_words.get(mention.start) or _title_role(mention.title or "")
                if role:
                    entity.role = entity.role or role
                    self.titles[last.i] = role
            if entity.kind == "person" and entity.role is None:
                entity.role = self._appositive(last)
            self._occur(actor.id, last)
        # Plural nominal subjects ("the senators", "Democrats") are antecedents for "they".
        for token in self.doc:
            if token.i in self.by_token or token.pos_ != "NOUN" or not token.dep_.startswith("nsubj"):
                continue
            if not token.text[:1].islower():
                continue  # a name the tagger took for a plural noun ("Esteves said")
            if not _plural(token) or token.lower_ in PRONOUNS:
                continue
            name = self._minimal(token)
            key = "group:" + fold(name)
            group = self.entities.setdefault(key, _Entity(key, name, "group", plural=True))
            if fold(token.text) in ANONYMOUS_HEADS and not self._definite(token):
                group.kind, group.name = "anonymous", _anonymous_name(name)
            self._occur(key, token)

    def _office_follows(self, mention: Mention) -> bool:
        """Whether an apposition after the mention gives one person's office: a comma, then words up to the next
        comma, preposition or relative pronoun that hold a singular role noun ("the party's co-leader")."""
        tokens = self._tokens(mention.start, mention.end)
        last = fold(tokens[-1].text) if tokens else ""
        if not tokens or last in INSTITUTION_HEADS or last in ORGANIZATION_HEADS:
            return False
        after = tokens[-1].i + 1
        if after >= len(self.doc) or self.doc[after].text != ",":
            return False
        for token in self.doc[after + 1 : after + 8]:
            glue = token.text == "-" or token.tag_ == "POS"  # "co-leader", "the Greens' co-leader"
            if (token.is_punct and not glue) or token.pos_ in ("ADP", "VERB", "AUX") or token.lower_ in RELATIVES:
                return False
            if token.tag_ == "NN" and fold(token.text) in PERSON_ROLE_WORDS:
                return True
        return False

    def _person_not_place(self, mention: Mention) -> Mention:
        """ "Piet Marsh" tagged GPE: a place no one knows, named like a person where a statement names its source
        (or opening with a given name), is a person; the resolver still turns known places back."""
        words = mention.text.split()
        if mention.label == "ORG" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            first = fold(words[0])
            # "Governor Pence" tagged ORG: a title and a name; "Aron Fell, the party's co-leader," tagged ORG: a
            # name whose apposition gives a person's office.
            titled = first in PERSON_ROLE_WORDS or HONORIFICS.get(first) or first in ("mr", "mrs", "ms", "dr")
            if (titled or self._office_follows(mention)) and not self.kb.lookup(mention.text, ("organization",)):
                return Mention(
                    mention.text, "PERSON", mention.start, mention.end, speech_subject=mention.speech_subject
                )
        if mention.label not in ("GPE", "LOC", "FAC"):
            return mention
        tokens = self._tokens(mention.start, mention.end)
        if tokens:
            # "Ilse" tagged GPE before "Varga": the name runs on.
            last = tokens[-1]
            while last.i + 1 < len(self.doc) and self._plain_name_word(self.doc[last.i + 1]):
                last = self.doc[last.i + 1]
            if last.i != tokens[-1].i:
                end = last.idx + len(last)
                mention = Mention(self.text[mention.start : end], mention.label, mention.start, end,
                                  speech_subject=mention.speech_subject)  # fmt: skip
        words = mention.text.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            return mention
        key = fold(mention.text)
        if key in self.kb.capitals or key in self.kb.seats or self.kb.lookup(mention.text, ("country", "place")):
            return mention
        in_source = any(s is not None and s[0] <= mention.start < s[1] for s in self.sources)
        if (
            not in_source
            and fold(words[0]) not in GIVEN_NAMES
            and not (tokens and self._described_as_person(tokens[-1]))
        ):
            return mention
        return Mention(mention.text, "PERSON", mention.start, mention.end, speech_subject=mention.speech_subject)

    def _described_as_person(self, last: Token) -> bool:
        """The name is followed by an appositive that gives a person's role ("Maren Tollef, a National Progress
        Party lawmaker from the west coast,")."""
        apposed = self._appositive(last)
        return apposed is not None and any(fold(word) in PERSON_ROLE_WORDS for word in apposed.split())

    def _split_title(self, mention: Mention) -> Mention:
        """ "Vermont Sen. Bernie Sanders" tagged whole -> "Bernie Sanders" with the title "Sen." (the part of the
        words before the name that reads as a title), so the resolver sees a name it can match."""
        if mention.label != "PERSON":
            return mention
        tokens = self._tokens(mention.start, mention.end)
        proper = bool(tokens) and tokens[0].text[:1].isupper()
        the_x = proper and tokens[0].i > 0 and self.doc[tokens[0].i - 1].lower_ == "the" and mention.title is None
        body = len(tokens) > 1 and tokens[-1].text[:1].isupper() and fold(tokens[-1].text) in ORGANIZATION_HEADS
        if the_x or body:
            # People are not "the X", nor named "... Office": "the Harbour Authority", "Government Accountability
            # Office" tagged PERSON are organisations.
            return Mention(mention.text, "ORG", mention.start, mention.end, speech_subject=mention.speech_subject)
        mention = self._extend_name(mention)
        words = list(re.finditer(r"\S+", mention.text))
        cut = None
        for k, word in enumerate(words[:-1]):
            low = fold(word.group())
            honorific = low in HONORIFICS and (word.group().endswith(".") or low in ("mr", "mrs", "ms", "dr"))
            if honorific or ((low in self.kb.roles or low in EXTRA_TITLES) and word.group()[:1].isupper()):
                cut = k
        if cut is None:
            return mention
        rest = words[cut + 1 :]
        if not all(w.group()[:1].isupper() for w in rest):
            return mention
        title_words = [w.group() for w in words[: cut + 1]]
        # The longest tail of the title words that reads wholly as a title ("Sen." of "Vermont Sen.").
        title = None
        for i in range(len(title_words)):
            candidate = " ".join(title_words[i:])
            parsed, left = parse_title(candidate, self.kb)
            if not left and (parsed.role or parsed.organization):
                title = candidate
                break
        start = mention.start + rest[0].start()
        # The title as written ("Defence Minister", "Vermont Sen."), less honorifics that say no office ("Mr."),
        # with the capitalised words before the tagged span that belong to it ("Transport" of "Transport
        # Commissioner Bram Oduya" tagged from "Commissioner").
        written = [w for w in title_words if fold(w) not in HONORIFICS or HONORIFICS[fold(w)]]
        name_tokens = self._tokens(start, mention.end)
        longer = self._written_title(name_tokens[0], mention.start) if name_tokens else None
        if longer is not None:
            self.title_words[start] = longer
        elif written and (fold(written[-1]) in self.kb.roles or fold(written[-1]) in EXTRA_TITLES or title):
            self.title_words[start] = _clean(" ".join(written))
        return Mention(mention.text[rest[0].start() :], "PERSON", start, mention.end, title or mention.title,
                       speech_subject=mention.speech_subject)  # fmt: skip

    def _extend_name(self, mention: Mention) -> Mention:
        """A PERSON the tagger cut short ("Li" of "Foreign Minister Ann Li") gets the given names before it and,
        when it has none, the title words before those."""
        tokens = self._tokens(mention.start, mention.end)
        if not tokens:
            return mention
        first = tokens[0]
        doc = self.doc
        while first.i > 0 and _name_word(doc[first.i - 1]) and doc[first.i - 1].ent_type_ in ("", "PERSON"):
            low = fold(doc[first.i - 1].text)
            if low in HONORIFICS or low in self.kb.roles or doc[first.i - 1].is_space:
                break
            first = doc[first.i - 1]
        title = mention.title
        if title is None:
            for n in range(min(5, first.i), 0, -1):
                words = doc[first.i - n : first.i]
                if any(t.is_space or (t.is_punct and t.text != ".") for t in words):
                    continue
                parsed, left = parse_title(words.text, self.kb)
                if not left and parsed.role and words[0].text[:1].isupper():
                    title = words.text
                    break
                if fold(words[-1].text) in EXTRA_TITLES and all(_title_word(t) for t in words):
                    self.title_words[first.idx] = _clean(words.text)
                    break
        last = tokens[-1]
        while last.i + 2 < len(doc) and self._hyphen(doc[last.i + 1]) and _name_word(doc[last.i + 2]):
            last = doc[last.i + 2]  # "Marta Lind" tagged, "-Holm" left out
        end = last.idx + len(last)
        written = self._written_title(first)
        if written is not None:
            self.title_words.setdefault(first.idx, written)
        if first.i == tokens[0].i and title == mention.title and end == mention.end:
            return mention
        if title and _title_role(title):
            self.title_words.setdefault(first.idx, _clean(title))
        return Mention(self.text[first.idx : end], "PERSON", first.idx, end, title,
                       speech_subject=mention.speech_subject)  # fmt: skip

    def _written_title(self, first: Token, inside_from: int | None = None) -> str | None:
        """The capitalised title words right before a name, as written ("Defence Minister" where the knowledge
        file knows only "minister"): they must end in a role word."""
        doc = self.doc
        start = first.i
        while start > 0 and first.i - start < 4:
            prev = doc[start - 1]
            if (
                not (prev.text[:1].isupper() and (prev.is_alpha or prev.text.endswith(".")))
                or prev.lower_ in DETERMINERS
            ):
                break
            inside = inside_from is not None and prev.idx >= inside_from
            if not inside and (prev.i in self.by_token or prev.ent_type_ in ("PERSON", "ORG", "GPE")):
                break
            start -= 1
        words = doc[start : first.i]
        last = fold(words[-1].text) if len(words) else ""
        if not (last in self.kb.roles or last in EXTRA_TITLES or HONORIFICS.get(last)):
            return None
        written = [t.text for t in words if fold(t.text) not in HONORIFICS or HONORIFICS[fold(t.text)]]
        return _clean(" ".join(written)) or None

    def _missed_names(self, covered: set[int]) -> list[Mention]:
        """Runs of capitalised proper nouns the tagger left out, as person mentions (the resolver turns known
        organisations and places into those): in source spans, and subjects anywhere."""
        found: list[Mention] = []
        taken = set(covered)
        spans = [self._tokens(s, e) for s, e in (x for x in self.sources if x is not None)]
        subjects = [[t] for t in self.doc if _name_word(t) and t.dep_.startswith("nsubj") and not self._quoted(t.idx)]
        # A given name before a capitalised word is a person wherever it stands ("campaigned for Hillary Clinton").
        given = [
            [t]
            for t in self.doc[:-1]
            if fold(t.text) in GIVEN_NAMES and t.text[:1].isupper() and _name_word(self.doc[t.i + 1])
        ]
        for tokens in spans + subjects + given:
            for token in tokens:
                run = self._name_run(token)
                if not run or any(t.i in taken for t in run):
                    continue
                after = self.doc[run[-1].i + 1] if run[-1].i + 1 < len(self.doc) else None
                if after is not None and (fold(after.text) in PERSON_ROLE_WORDS or after.ent_type_ == "PERSON"):
                    continue  # the first words of a title ("Transport" of "Transport Commissioner Bram Oduya")
                taken.update(t.i for t in run)
                start, end = run[0].idx, run[-1].idx + len(run[-1])
                # People are not "the X", and one word that is no given name is more often an outlet or a body
                # ("Breitbart", "the Times"); the resolver still finds a person named so earlier ("Roe").
                before = self.doc[run[0].i - 1].lower_ if run[0].i > 0 else ""
                single = len(run) == 1 and fold(run[0].text) not in GIVEN_NAMES
                # "a spokesman for Harlow Steel", "a fellow at Brandt Institute": after these, a body.
                body = before in ("the", "for", "at", "of", "from", "with")
                # "Korsa Minerals", "Harlow Holdings": named by an institution's or a company's head noun.
                headed = fold(run[-1].text) in INSTITUTION_HEADS
                label = "ORG" if body or single or headed else "PERSON"
                if (
                    run[-1].tag_ == "NNPS"
                    and not headed
                    and not self.kb.lookup(self.text[start:end], ("country", "place"))
                ):
                    label = "NORP"  # "the opposition Social Democrats": a party's members, a group, not a person
                found.append(Mention(self.text[start:end], label, start, end))
        return found

    def _name_run(self, token: Token) -> list[Token]:
        """The capitalised proper-noun run around `token` ("Jane Roe"), without honorifics; [] if it is not one."""
        if not self._plain_name_word(token):
            return []
        doc = self.doc
        start = end = token.i
        # A title before the name ("Foreign Minister Ann Koval") ends the run; the title is read from there.
        while start > 0 and (self._plain_name_word(doc[start - 1]) or (self._hyphen(doc[start - 1]) and start > 1)):
            start -= 1
        opener = doc[start - 1] if start > 0 else None
        if (
            opener is not None
            and opener.is_sent_start
            and _first_name_word(opener)
            and fold(opener.text) not in self.kb.roles
        ):
            start -= 1  # "Vance Okafor, a developer, ...": the given name that opens the sentence
        while end + 1 < len(doc) and (self._plain_name_word(doc[end + 1]) or self._hyphen(doc[end + 1])):
            end += 1
        while doc[end].text == "-" and end > start:
            end -= 1
        if end - start >= 6:
            return []
        return [doc[i] for i in range(start, end + 1)]

    def _hyphen(self, token: Token) -> bool:
        """A hyphen inside a name ("Holtz-Eakin"): capitalised words on both sides, no space around it."""
        doc = self.doc
        if token.text != "-" or token.i == 0 or token.i + 1 >= len(doc) or doc[token.i - 1].whitespace_:
            return False
        return doc[token.i - 1].text[:1].isupper() and doc[token.i + 1].text[:1].isupper() and not token.whitespace_

    def _plain_name_word(self, token: Token) -> bool:
        low = fold(token.text)
        return _name_word(token) and low not in HONORIFICS and low not in CALENDAR and low not in self.kb.roles

    def _occur(self, key: str, token: Token) -> None:
        self.occurrences.append(
            _Occurrence(
                key, token.idx, self._sentence(token.idx), token.dep_.startswith("nsubj"), self._quoted(token.idx)
            )
        )

    def _read_gender(self) -> None:
        """Gender evidence per person: given names, honorifics and gendered words next to a mention, and the
        pronouns that follow a mention in its own or the next sentence when no other person is named between."""
        for key, entity in self.entities.items():
            if entity.kind != "person":
                continue
            first = fold(entity.name).split(" ")[0] if entity.name else ""
            # A given name outweighs a few pronouns after an ambiguous surname ("Clinton ... she" near Bill Clinton).
            if first in FEMALE_NAMES:
                self.gender[key]["f"] += GIVEN_NAME_WEIGHT
            elif first in MALE_NAMES:
                self.gender[key]["m"] += GIVEN_NAME_WEIGHT
        people = sorted((o for o in self.occurrences if self.entities[o.key].kind == "person"), key=lambda o: o.start)
        for occurrence in people:
            span = self.doc.char_span(occurrence.start, occurrence.start + 1, alignment_mode="expand")
            if span is None:
                continue
            token = span[0]
            left = token.i
            while left > 0 and self.by_token.get(left - 1) == occurrence.key:
                left -= 1
            for word in (self.doc[left - 1] if left > 0 else None, self.doc[left], token):
                low = fold(word.text) if word is not None else ""
                if low in FEMALE_WORDS:
                    self.gender[occurrence.key]["f"] += 3
                elif low in MALE_WORDS:
                    self.gender[occurrence.key]["m"] += 3
        starts = [o.start for o in people]
        for token in self.doc:
            info = PRONOUNS.get(token.lower_)
            if info is None or info[1] not in ("m", "f"):
                continue
            at = bisect.bisect_left(starts, token.idx) - 1
            if at < 0:
                continue
            here = self._sentence(token.idx)
            if here - people[at].sentence > 1:
                continue
            window = {o.key for o in people[max(0, at - 4) : at + 1] if here - o.sentence <= 1}
            if window == {people[at].key}:
                self.gender[people[at].key][info[1]] += 1

    def gender_of(self, key: str) -> str | None:
        votes = self.gender.get(key)
        if not votes:
            return None
        ranked = [*votes.most_common(2), ("", 0)]
        return ranked[0][0] if ranked[0][1] > ranked[1][1] else None

    # -- helpers over the text ----------------------------------------------------------------------------------
    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        return [t for t in span if not t.is_space and not (t.is_punct and t.text not in ("'s", "’s"))]

    def _span_tokens(self, start: int, end: int) -> list[Token]:
        """The tokens of a span, punctuation kept (it delimits appositives and clauses)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return [t for t in span if not t.is_space] if span is not None else []

    def _sentence(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_starts, offset) - 1

    def _paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def _quoted(self, offset: int) -> bool:
        return self._quote_at(offset) is not None

    def _quote_at(self, offset: int) -> tuple[int, int] | None:
        for start, end in self.quotes:
            if start <= offset < end:
                return start, end
        return None

    def _text(self, tokens: Sequence[Token]) -> str:
        return _clean(self.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]) if tokens else ""

    def _left(self, head: Token) -> list[Token]:
        """The head noun with the modifiers right before it, less determiners and possessive pronouns."""
        start = head.i
        while start > 0:
            prev = self.doc[start - 1]
            if prev.is_space or prev.lower_ in DETERMINERS or prev.lower_ in POSSESSIVES or prev.lower_ in RELATIVES:
                break
            if prev.is_punct and prev.text not in ("-", "'s", "’s", "'", "’"):
                break
            if prev.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON") and prev.tag_ not in ("VBN", "VBG"):
                break
            if prev.dep_ not in ("amod", "compound", "nummod", "nmod:poss", "flat", "case", "punct", "advmod"):
                break
            start -= 1
        return [t for t in self.doc[start : head.i + 1] if not t.is_space]

    def _modifier_words(self, head: Token, words: list[Token] | None = None) -> set[str]:
        """The content words before a noun that say which one it is ("industry" in "the industry ministry", not
        "same", "new" or "latest", which any mention of it may carry), from `words` (a source span's, which do
        not depend on the parse) or else the modifiers the parse gives the noun."""
        before = [t for t in words if t.i < head.i] if words is not None else self._left(head)[:-1]
        return {
            fold(t.text)
            for t in before
            if t.pos_ in ("NOUN", "PROPN", "ADJ")
            and t.is_alpha
            and t.tag_ not in ("JJS", "JJR")
            and fold(t.text) not in _UNRESTRICTIVE
        }

    def _minimal(self, head: Token) -> str:
        return self._text(self._left(head)) or head.text

    def _members(self, head: Token) -> str:
        """A group's name: its members' noun phrase ("senators", "38 members of Estvany's parliament")."""
        words: list[Token] = []
        for t in self.doc[head.left_edge.i : head.right_edge.i + 1]:
            if t.i > head.i and (t.pos_ in ("VERB", "AUX") or t.tag_ in ("WDT", "WP")):
                break  # a clause the parse hung on the members ("rabbis called for a boycott")
            if not (t.i < head.i and t.dep_ == "case"):
                words.append(t)
        while len(words) > 1 and words[-1].pos_ in ("CCONJ", "PUNCT"):
            words.pop()
        return self._text(_strip_determiners(words))

    def _definite(self, head: Token) -> bool:
        first = self._left(head)[0]
        before = self.doc[first.i - 1] if first.i > 0 else None
        return before is not None and before.lower_ in DEFINITE

    def _appositive(self, last: Token) -> str | None:
        """ "a fellow at the Centre for Y" in "Jane Roe, a fellow at the Centre for Y, said": the noun phrase after
        the comma that follows a name, up to the next comma or clause."""
        doc = self.doc
        i = last.i + 1
        if i >= len(doc) or doc[i].text != ",":
            return None
        words: list[Token] = []
        for token in doc[i + 1 : i + 16]:
            if token.text in (",", ";", "(", ")", "—", "–") or token.lower_ in RELATIVES or token.is_sent_start:
                break
            if token.pos_ in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG"):
                return None
            words.append(token)
        if not words or not (
            words[0].lower_ in DETERMINERS | POSSESSIVES | {"one"} or words[0].pos_ in ("ADJ", "NOUN")
        ):
            return None
        if not any(t.pos_ == "NOUN" for t in words) or any(
            t.i in self.by_token and t.ent_type_ == "PERSON" for t in words[:2]
        ):
            return None
        return self._text(words)

    # -- resolution ---------------------------------------------------------------------------------------------
    def resolve_all(self) -> list[Speaker]:
        results: list[Speaker] = [UNKNOWN] * len(self.sources)
        first_person: list[int] = []
        self.spoken.clear()
        self.chain.clear()
        pronouns = [t for t in self.doc if PRONOUNS.get(t.lower_, (1,))[0] == 3 and t.pos_ == "PRON"]
        source_starts = {span[0] for span in self.sources if span is not None}
        next_pronoun = 0
        for i, span in enumerate(self.sources):
            if span is None:
                continue
            # Pronouns between the sources carry the chain of reference on ("... his speech. He said").
            while next_pronoun < len(pronouns) and pronouns[next_pronoun].idx < span[0]:
                self._follow(pronouns[next_pronoun], source_starts)
                next_pronoun += 1
            tokens = self._tokens(*span)
            if len(tokens) == 1 and PRONOUNS.get(tokens[0].lower_, (3,))[0] == 1 and self._quoted(tokens[0].idx):
                first_person.append(i)  # the quotation's speaker may come after it: resolved in a second pass
                continue
            results[i] = self.resolve(span)
            if results[i].name is not None:
                self.spoken.append((span[0], results[i]))
        for i in first_person:
            results[i] = self._quote_speaker(i, results)
        return results

    def _follow(self, pronoun: Token, source_starts: set[int]) -> None:
        if pronoun.idx in source_starts or self._quoted(pronoun.idx):
            return
        speaker = self.resolve_pronoun(pronoun)
        if speaker.name is None:
            return
        occurrence = _Occurrence(
            "chain:" + speaker.name, pronoun.idx, self._sentence(pronoun.idx), pronoun.dep_.startswith("nsubj"), False
        )
        self.chain.append((occurrence, speaker))

    def _key_of(self, name: str | None) -> str | None:
        return next((k for k, e in self.entities.items() if e.name == name), None) if name else None

    def previous(self, before: int) -> tuple[int, Speaker] | None:
        earlier = [item for item in self.spoken if item[0] < before]
        return earlier[-1] if earlier else None

    def resolve(self, span: tuple[int, int]) -> Speaker:
        tokens = self._span_tokens(*span)
        words = [t for t in tokens if not t.is_punct]
        if not words:
            return UNKNOWN
        if words[0].lower_ in RELATIVES and len(words) <= 2:
            antecedent = self._relative_antecedent(words[0])
            return self.resolve_head(antecedent, None) if antecedent is not None else UNKNOWN
        if len(words) == 1 and words[0].lower_ in PRONOUNS:
            return self.resolve_pronoun(words[0])
        if _listed(tokens):
            # "Estvany, Lorr and the Baltic states": a list of sources, which the head cut at its first comma
            # would shorten to its first name.
            return Speaker(self._text(_strip_determiners(words)), "group", None, False)
        head, prefix = self._head(tokens)
        start = prefix[0].i if prefix else head.i
        return self.resolve_head(head, prefix, [t for t in tokens if t.i >= min(start, head.i)])

    def _head(self, tokens: list[Token]) -> tuple[Token, list[Token]]:
        """The noun a source span is about, and the words up to it: the span is cut at its first comma, bracket,
        relative pronoun, preposition or verb (the parse is not trusted alone), and the last noun before the cut
        is the head ("senators" in "a group of senators", "Kelly" in "Fox News' Megyn Kelly")."""
        prefix: list[Token] = []
        for token in tokens:
            known = fold(token.text) in ANONYMOUS_HEADS | ORGANIZATION_HEADS | PERSON_ROLE_WORDS | PERSON_NOUNS
            if prefix and not known and token.i not in self.by_token:
                if token.text in (",", "(", "—", "–", ";", ":") or token.lower_ in RELATIVES:
                    break
                collective = token.lower_ == "of" and fold(prefix[-1].text) in COLLECTIVES
                if token.lower_ in PREPOSITIONS and not collective:
                    break
                after_noun = prefix[-1].pos_ in ("NOUN", "PROPN")
                if after_noun and token.pos_ == "PRON" and token.lower_ not in POSSESSIVES:
                    break  # "the experts I interviewed": a relative clause without "who"
                participle = token.tag_ in ("VBN", "VBG") and not after_noun
                if token.pos_ in ("VERB", "AUX") and not participle and not token.text[:1].isupper():
                    break
            prefix.append(token)
        nominal = [
            t for t in prefix
            if (t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or t.i in self.by_token or fold(t.text) in ANONYMOUS_HEADS)
            and not t.is_punct and t.lower_ not in POSSESSIVES
        ]  # fmt: skip
        if not nominal:
            words = [t for t in tokens if not t.is_punct]
            return _root(words), words
        head = nominal[-1]
        rest = tokens[len(prefix) :]
        # "Another RT America host, Abby Martin,", "A spokesman for the company, Joe Smith,": the name in
        # apposition after the description (and its prepositional phrase) is who speaks.
        comma = next((k for k, t in enumerate(rest[:8]) if t.text == ","), None)
        if head.i not in self.by_token and comma is not None:
            between = rest[:comma]
            after = rest[comma + 1 : comma + 4]
            named = [t for t in after if self._person_at(t.i)]
            plain = all(t.pos_ not in ("VERB", "AUX") for t in between)
            if (
                named
                and plain
                and all(t.pos_ == "PROPN" or t.i in self.by_token for t in after[: named[-1].i - after[0].i])
            ):
                # The description before the comma is the person's role ("The opposition leader, Piet Marsh").
                described = self._text(_strip_determiners([t for t in prefix + between if not t.is_punct]))
                if described:
                    self.titles.setdefault(named[-1].i, described)
                return named[-1], [t for t in after if t.i <= named[-1].i]
        return head, [t for t in prefix if not t.is_punct or t.text in ("'s", "’s")]

    def _relative_antecedent(self, relative: Token) -> Token | None:
        """The noun a relative pronoun stands for: the name right before it, else the noun its clause hangs from in
        the parse, else (for "who") the nearest person named before it in the sentence with no verb between."""
        i = relative.i - 1
        while i >= 0 and (self.doc[i].is_punct or self.doc[i].is_space):
            if self.doc[i].text == ")":
                # "Sen. Lindsey Graham (R-S.C.), who": the bracket is not the antecedent.
                opening = next((j for j in range(i - 1, max(-1, i - 12), -1) if self.doc[j].text == "("), None)
                if opening is not None:
                    i = opening
            i -= 1
        adjacent = self.doc[i] if i >= 0 and (self.doc[i].pos_ in ("NOUN", "PROPN") or i in self.by_token) else None
        clause = relative.head
        parsed = clause.head if clause.dep_.startswith("acl") and clause.head.i < relative.i else None
        for head in (adjacent, parsed):
            if head is None or (relative.lower_ == "who" and not self._personal(head)):
                continue
            if head.i in self.by_token:
                return head
            # "Heather Samuelson, a campaign staffer who ...": the name the description is in apposition to.
            for j in range(head.i - 1, max(head.sent.start, head.i - 15), -1):
                token = self.doc[j]
                if token.pos_ in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG"):
                    break
                if token.text == ",":
                    if self._person_at(j - 1):
                        return self.doc[j - 1]
                    break
            return head
        if relative.lower_ == "who":
            sentence_start = relative.sent.start
            for k in range(relative.i - 1, max(sentence_start, relative.i - 12) - 1, -1):
                token = self.doc[k]
                if token.pos_ in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG"):
                    break
                if self._person_at(k):
                    return token
        return adjacent

    def _person_at(self, i: int) -> bool:
        key = self.by_token.get(i)
        return key is not None and self.entities[key].kind == "person"

    def _personal(self, token: Token) -> bool:
        """Whether a noun can be what "who" stands for: a person, a group of people, someone described."""
        key = self.by_token.get(token.i)
        if key is not None:
            return self.entities[key].kind in ("person", "group", "anonymous")
        if _partitive_set(token) is not None:
            return True  # "One of them, who asked not to be named"
        word = fold(token.text)
        lemma = token.lemma_.lower()
        people = ANONYMOUS_HEADS | PERSON_NOUNS | PERSON_ROLE_WORDS | MALE_WORDS | FEMALE_WORDS
        if word in people or lemma in people or (token.pos_ == "PROPN" and token.text[:1].isupper()):
            return True
        # "who" itself says a person: any other common noun will do unless it names a body or a document.
        things = ORGANIZATION_HEADS | DOCUMENT_HEADS
        return token.pos_ == "NOUN" and word not in things and lemma not in things

    def _entity_speaker(self, key: str, role: str | None = None) -> Speaker:
        entity = self.entities[key]
        if entity.kind == "anonymous":
            return Speaker(entity.name, "anonymous", None, True)
        if entity.kind == "group":
            party = self._party_named(entity.name)
            if party is not None:
                entity = party
        role = role or (entity.role if entity.kind == "person" else None)
        return Speaker(entity.name, entity.kind, role, False)

    def resolve_head(self, head: Token, prefix: list[Token] | None, span: list[Token] | None = None) -> Speaker:
        """The speaker a source's head noun names; `prefix` is the source's words up to the head, `span` all its
        words (None for a relative pronoun's antecedent, whose description then runs to the end of its phrase)."""
        partitive = self._partitive(head)
        if partitive is not None:
            return partitive
        if prefix is None:
            # A relative pronoun's antecedent: its phrase with the determiner ("a defence official who ...").
            prefix = self._left(head)
            before = self.doc[prefix[0].i - 1] if prefix[0].i > 0 else None
            if before is not None and before.lower_ in DETERMINERS | INDEFINITE | POSSESSIVES:
                prefix = [before, *prefix]
        key = self.by_token.get(head.i)
        people_words = PERSON_ROLE_WORDS | ANONYMOUS_HEADS | PERSON_NOUNS
        if key is not None and fold(head.text) in people_words and self.entities[key].kind != "person":
            # "the Vermont senator" or "Officials at the State Department" tagged as an organisation: people
            key = None
        if key is not None and self.entities[key].kind == "person" and head.is_lower and _names_a_body(head):
            key = None  # "the industry ministry" with "ministry" tagged as a person: a body, named in lower case
        if key is not None and self.entities[key].kind == "person" and head.is_lower and head.tag_ == "NNS":
            key = None  # "The skippers" tagged as a person: people named by a plural common noun are a group
        if key is not None and not _coordinated(prefix):
            counted = prefix and (prefix[0].lower_ in ("a", "an", "one") or _counted(prefix[0]))
            if self.entities[key].kind == "group" and counted:
                # "One Republican", "Two senior Social Democrats": unnamed members of a group.
                return Speaker(_anonymous_name(self._text(prefix)), "anonymous", None, True)
            role = self.titles.get(head.i) or self._appositive(head)
            entity = self.entities[key]
            if role is None and entity.kind == "person" and entity.role is None and fold(head.text) in self.kb.roles:
                # "The French president" resolved to who held the office: the words are the role the text gives.
                role = self._text(_strip_determiners(prefix)) or None
            if role and entity.kind == "person" and entity.role is None:
                entity.role = role
            return self._entity_speaker(key, role)
        if head.lower_ in PRONOUNS and head.pos_ == "PRON" and not _coordinated(prefix):
            return self.resolve_pronoun(head)
        phrase = self._text(_strip_determiners(prefix))
        if _coordinated(prefix):
            return Speaker(phrase, "group", None, False)
        low, word = fold(phrase), fold(head.text)
        lemma = head.lemma_.lower() if head.lemma_ else word
        plural = _plural(head)
        determiner = next((t.lower_ for t in prefix if t.lower_ in DETERMINERS | INDEFINITE), None)
        if prefix and prefix[0].lower_ in INDEFINITE:
            determiner = prefix[0].lower_
        owner_word = next((t for t in prefix if t.lower_ in POSSESSIVES and t.i < head.i), None)
        named = [self.by_token[t.i] for t in prefix if t.i in self.by_token and t.i < head.i]
        if head.pos_ == "PROPN" or (head.text[:1].isupper() and word not in self.kb.roles and not named):
            person = self._short_name(head)
            if person is not None:
                return self._entity_speaker(person)
        if owner_word is not None:
            owner = self.resolve_pronoun(owner_word)
            rest = self._text([t for t in prefix if t.i > owner_word.i])
            if word == "ministry" and rest == head.text:
                ministry = self._ministry_of(owner_word, owner)
                if ministry is not None:
                    return ministry
            if owner.name and (word in ORGANIZATION_HEADS or lemma in ORGANIZATION_HEADS):
                return Speaker(f"{owner.name.removeprefix('anonymous: ')} {rest}", "organization", None, False)
            if owner.name and (word in ANONYMOUS_HEADS or word in PERSON_ROLE_WORDS or lemma in ANONYMOUS_HEADS):
                return Speaker(f"anonymous: {owner.name.removeprefix('anonymous: ')}'s {rest}", "anonymous", None, True)
            if owner.name and word not in PERSON_NOUNS:
                return owner
        if word in DESCRIPTORS and not plural and determiner in DEFINITE and not named:
            # "the billionaire", "the Democrat": news copy's second reference to the person the passage is about.
            salient = self._salient(head.idx, ("person",), "sg", None)
            if salient is not None:
                return salient
        full = self._text(_strip_determiners(self._description_words(prefix, span)))
        marked = _marked_unnamed(full)
        if _in_group(head) and not marked:
            return Speaker(self._members(head), "group", None, False)
        anonymous_head = word in ANONYMOUS_HEADS or lemma in ANONYMOUS_HEADS
        if anonymous_head or (word in PERSON_NOUNS | PERSON_ROLE_WORDS and not plural):
            indefinite = determiner in INDEFINITE
            bare_plural = anonymous_head and plural and determiner is None
            if marked or indefinite or bare_plural or (anonymous_head and named and determiner not in DEFINITE):
                return Speaker(_anonymous_name(full), "anonymous", None, True)
            if determiner in DEFINITE:
                earlier = self._earlier(head)
                if earlier is not None and (earlier.anonymous or anonymous_head):
                    return earlier  # "the official" after "a senior official"; an office goes on below
        # "the chief executive": an office of two words whose head alone is none ("the party's executive").
        compound_office = (
            head.i > 0
            and word not in ORGANIZATION_HEADS
            and fold(f"{self.doc[head.i - 1].text} {head.text}") in self.kb.roles
        )
        if (word in PERSON_ROLE_WORDS or word in EXTRA_TITLES or compound_office) and not plural:
            person = self._person_with_role(word, head.idx)
            if person is not None:
                return self._entity_speaker(person)
            if determiner in DEFINITE:
                # "the Vermont senator" for the person the passage is about, whose office the article never gave.
                # A candidacy ("the Republican nominee") is no office: anyone may hold it beside their title.
                office = word if word in PERSON_ROLE_WORDS else None
                salient = self._salient(head.idx, ("person",), "sg", None, role_word=office)
                if salient is not None:
                    return salient
            # No one in the article holds the office: the office itself names the speaker ("the governor").
            return Speaker(phrase or None, "person", phrase or None, False)
        if word in DOCUMENT_HEADS or lemma in DOCUMENT_HEADS:
            if named:
                return self._entity_speaker(named[-1])
            if word in PUBLICATIONS and determiner in DEFINITE:
                # "the article", "the piece": the outlet that published it, the organisation quoted most so far,
                # else the one the text names most.
                quoted = Counter(sp.name for at, sp in self.spoken if at < head.idx and sp.kind == "organization")
                if quoted:
                    name = quoted.most_common(1)[0][0]
                    return next(sp for _, sp in reversed(self.spoken) if sp.name == name)
                outlet = self._most_named_organization(head.idx)
                if outlet is not None:
                    return self._entity_speaker(outlet)
            previous = self.previous(head.idx)
            if previous is not None and self._paragraph(head.idx) - self._paragraph(previous[0]) <= 6:
                return previous[1]
            body = self._most_named_organization(head.idx)
            return self._entity_speaker(body) if body is not None else UNKNOWN
        if named and (word in ORGANIZATION_HEADS or lemma in ORGANIZATION_HEADS):
            described = self._described_organization(head, self._description_words(prefix, span))
            if described is not None:
                return self._entity_speaker(described)
            # "Trump's campaign" and "the Trump campaign" are one organisation.
            return Speaker(POSSESSIVE_INSIDE.sub(" ", phrase), "group" if plural else "organization", None, False)
        if word in ORGANIZATION_HEADS or lemma in ORGANIZATION_HEADS:
            if determiner in DEFINITE:
                modifiers = self._modifier_words(head, prefix)
                for start, spoken in reversed(self.spoken):
                    # "the authority" after "The Harbour Authority said", which no tagger named.
                    if (
                        start < head.idx
                        and spoken.kind == "organization"
                        and _names_alike(spoken.name, word, modifiers)
                    ):
                        return spoken
                organization = self._organization_like(word, head.idx, modifiers)
                if organization is not None:
                    return self._entity_speaker(organization)
                earlier = self._earlier(head, modifiers)
                if earlier is not None and len((earlier.name or "").split()) > 1:
                    return earlier  # "the campaign" after "Clinton campaign spokesman Brian Fallon"
                organization = self._most_named_organization(head.idx)
                if organization is not None and self._names_another_body(head, prefix, organization):
                    organization = None
                if organization is not None:
                    return self._entity_speaker(organization)
            described = self._described_organization(head, self._description_words(prefix, span))
            if described is not None:
                return self._entity_speaker(described)
            return Speaker(phrase, "group" if plural else "organization", None, False)
        if plural:
            if determiner in DEFINITE and len(low.split()) == 1:
                earlier = self._earlier(head)
                if earlier is not None:
                    return earlier
            return Speaker(self._minimal(_member_head(head)), "group", None, False)
        if head.pos_ == "PROPN" or head.text[:1].isupper():
            # An unknown single capitalised word that is no given name ("the Times", "Breitbart") is more often an
            # outlet or organisation than a person the article never named in full.
            single = len(phrase.split()) == 1 and word not in FEMALE_NAMES | MALE_NAMES
            return Speaker(phrase, "organization" if single or determiner in DEFINITE else "person", None, False)
        return Speaker(phrase, "unknown", None, False) if phrase else UNKNOWN

    def _description_words(self, prefix: list[Token], span: list[Token] | None) -> list[Token]:
        """A description's words: the source span up to its end (less trailing punctuation), or the phrase."""
        if span is None:
            return self._span_words(prefix)
        words = [t for t in span if t.i >= (prefix[0].i if prefix else 0)]
        while words and words[-1].is_punct:
            words = words[:-1]
        return words

    def _span_words(self, prefix: list[Token]) -> list[Token]:
        """The prefix with what follows it in the source up to a clause ("people familiar with the talks")."""
        if not prefix:
            return prefix
        end = prefix[-1].i + 1
        words = list(prefix)
        for token in self.doc[end : end + 12]:
            if token.text in (",", ";", "(", ")", "—", "–", ".") or token.lower_ in RELATIVES or token.is_sent_start:
                break
            if token.pos_ in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG"):
                break
            words.append(token)
        return words

    def _partitive(self, head: Token) -> Speaker | None:
        """ "One of the aides", "Two of Vey's aides", "One of them": some unnamed members of a set of people, an
        anonymous source described by the set (a pronoun resolved first: "anonymous: one of Vey's aides")."""
        members = _partitive_set(head)
        if members is None:
            return None
        if members.lower_ in PRONOUNS:
            whole = self.resolve_pronoun(members).name
            if not whole:
                return None
            described = whole.removeprefix("anonymous: ")
        else:
            of = _of_marker(members)
            assert of is not None  # `_partitive_set` found it
            described = self._text(list(self.doc[of.i + 1 : members.i + 1]))
        return Speaker(_anonymous_name(f"{head.text} of {described}"), "anonymous", None, True)

    def _ministry_of(self, owner_word: Token, owner: Speaker) -> Speaker | None:
        """ "His ministry": the ministry of the minister the pronoun stands for, named from the office ("Industry
        Minister" -> "Industry Ministry"). A ministry needs a minister, so when the pronoun's usual reading is
        someone without that office (the last speaker, a shopkeeper), the minister named in the last sentences is
        the owner."""
        role = owner.role or ""
        if "minister" not in fold(role).split():
            gender = PRONOUNS[owner_word.lower_][1]
            key = self._person_with_role("minister", owner_word.idx)
            near = key is not None and any(
                o.key == key and self._sentence(owner_word.idx) - o.sentence <= WINDOW_SENTENCES
                for o in self.occurrences
                if o.start < owner_word.idx
            )
            if key is None or not near or self.gender_of(key) not in (None, gender):
                return None
            entity = self.entities[key]
            role = entity.role or entity.office or ""
        words = role.split()
        at = next((k for k, w in enumerate(words) if fold(w) == "minister"), None)
        if at is None or any(fold(w) == "prime" for w in words[:at]):
            return None  # "his ministry" of a prime minister is his government, not a ministry
        portfolio = [*words[:at], "Ministry", *words[at + 1 :]]
        return Speaker(" ".join(portfolio), "organization", None, False)

    def _party_named(self, members: str) -> _Entity | None:
        """The party the article names whose members these are ("the Social Democrats" and "the Social Democratic
        Party"): as speakers they state the party's position, and the map should show one actor."""
        if members not in self.parties:
            stem = fold(members).removesuffix("s")
            self.parties[members] = next(
                (
                    entity
                    for entity in self.entities.values()
                    if entity.kind == "organization"
                    and fold(entity.name).endswith(" party")
                    and fold(entity.name).startswith(stem)
                ),
                None,
            )
        return self.parties[members]

    def _short_name(self, head: Token) -> str | None:
        """A person introduced earlier whose last (or first) name this capitalised word is ("Roe", "Mr. King")."""
        word = fold(head.text)
        for occurrence in reversed(self.occurrences):
            if occurrence.start >= head.idx:
                continue
            entity = self.entities[occurrence.key]
            if entity.kind != "person":
                continue
            parts = fold(entity.name).split()
            if len(parts) > 1 and word in (parts[-1], parts[0]):
                return entity.key
        return None

    def _person_with_role(self, word: str, before: int) -> str | None:
        """The most recent person the article gave this office ("the senator" after "Sen. Bernie Sanders")."""
        for occurrence in reversed(self.occurrences):
            entity = self.entities[occurrence.key]
            if occurrence.start >= before or entity.kind != "person" or not (entity.role or entity.office):
                continue
            role = fold(f"{entity.role or ''} {entity.office or ''}")
            expanded = {HONORIFICS.get(w) or w for w in role.split()}
            if word in expanded or word in role:
                return entity.key
        return None

    def _described_organization(self, head: Token, description: list[Token]) -> str | None:
        """The organisation of the article a description spells out: "a union representing flight attendants" or
        "the flight attendants' union" for the Association of Flight Attendants (every content word in its name)."""
        words = {
            fold(t.text)
            for t in description
            if t.i != head.i and t.pos_ in ("NOUN", "PROPN", "ADJ") and t.is_alpha and t.lower_ not in DETERMINERS
        }
        if len(words) < 2:
            return None  # one word ("a Republican group") fits too many names
        for entity in self.entities.values():
            if entity.kind != "organization":
                continue
            name = set(fold(entity.name).split())
            if words <= name or all(w in name or w.rstrip("s") in name or w + "s" in name for w in words):
                return entity.key
        return None

    def _names_another_body(self, head: Token, prefix: list[Token], organization: str) -> bool:
        """A definite description narrowed by nouns of its own ("the industry ministry", "the civil protection
        agency") is not the body the article names most when that body's name has neither the head nor those
        nouns; a superlative ("the nation's largest gun group") singles out the body the article is about."""
        if any(t.tag_ in ("JJS", "RBS") for t in prefix):
            return False
        possessors = {t.i - 1 for t in prefix if t.text in ("'s", "’s", "'", "’")}
        nouns = {fold(t.text) for t in prefix if t.i < head.i and t.pos_ == "NOUN" and t.i not in possessors}
        name = set(fold(self.entities[organization].name).split())
        return bool(nouns) and not nouns & name and fold(head.text) not in name

    def _organization_like(self, word: str, before: int, modifiers: set[str]) -> str | None:
        """The organisation a definite "the union" stands for: the latest one whose name has the word (and, for
        "the industry ministry", none that another word narrows down differently: not "the foreign ministry")."""
        for occurrence in reversed(self.occurrences):
            entity = self.entities[occurrence.key]
            if (
                occurrence.start < before
                and entity.kind == "organization"
                and _names_alike(entity.name, word, modifiers)
            ):
                return entity.key
        return None

    def _most_named_organization(self, before: int) -> str | None:
        """The organisation the article is about so far: the one it has named most often."""
        counts: Counter[str] = Counter()
        latest: dict[str, int] = {}
        for o in self.occurrences:
            if o.start < before and self.entities[o.key].kind == "organization" and len(self.entities[o.key].name) > 1:
                counts[o.key] += 1
                latest[o.key] = max(latest.get(o.key, -1), o.start)
        # Ties go to the one named last.
        return max(counts, key=lambda k: (counts[k], latest[k])) if counts else None

    def _earlier(self, head: Token, modifiers: set[str] | None = None) -> Speaker | None:
        """The fuller description an earlier sentence gave ("a bipartisan group of senators", "a senior official")
        of what a definite nominal repeats ("the senators", "the official")."""
        lemma = head.lemma_.lower() or head.lower_
        modifiers = self._modifier_words(head) if modifiers is None else modifiers
        # The same noun first ("the senators" after "a group of senators"), then another name for the same people
        # ("the lawmakers" after "a group of 38 members of parliament"), so a nearer synonym never wins.
        same = self._earlier_named(head, modifiers, lambda t: (t.lemma_.lower() or t.lower_) == lemma)
        if same is not None or not (lemma in LEGISLATORS or lemma == "signatory"):
            return same
        return self._earlier_named(head, modifiers, lambda t: self._same_people(lemma, t))

    def _earlier_named(self, head: Token, modifiers: set[str], names: Callable[[Token], bool]) -> Speaker | None:
        """The nearest earlier description, by a noun `names` accepts, of the people or body `head` repeats."""
        for token in reversed(self.doc[: head.i]):
            if not names(token) or token.pos_ != "NOUN" or token.i in self.by_token:
                continue
            earlier_modifiers = self._modifier_words(token)
            if modifiers and earlier_modifiers and not modifiers & earlier_modifiers:
                continue  # "the industry ministry" is not "the foreign ministry" named before it
            root = token.head if token.dep_ == "nmod" and fold(token.head.text) in COLLECTIVES else token
            left = self._left(root)
            before = self.doc[left[0].i - 1] if left[0].i > 0 else None
            determiner = before.lower_ if before is not None else None
            if determiner in DEFINITE and len(left) == 1:
                continue  # another bare repetition
            if _in_group(token):
                return Speaker(self._members(token), "group", None, False)
            if fold(token.text) in ANONYMOUS_HEADS | PERSON_NOUNS | PERSON_ROLE_WORDS:
                full = self._text(_strip_determiners(self._span_words(([before] if before else []) + left)))
                marked = _marked_unnamed(full)
                if determiner in INDEFINITE or marked or (determiner is None and token.tag_ == "NNS"):
                    return Speaker(_anonymous_name(full), "anonymous", None, True)
            plural = _plural(token)
            return Speaker(self._minimal(token), "group" if plural else "organization", None, False)
        return None

    @staticmethod
    def _same_people(lemma: str, token: Token) -> bool:
        """Whether an earlier noun names, under another name, the people a definite plural repeats: members of a
        legislature ("the lawmakers" after "38 members of parliament"), or, for "the signatories", a group that
        acts as one."""
        earlier = token.lemma_.lower() or token.lower_
        if lemma in LEGISLATORS:
            if earlier in LEGISLATORS:
                return True
            return earlier == "member" and any(fold(t.text) in LEGISLATURES for t in token.subtree)
        return lemma == "signatory" and _in_group(token)

    def resolve_pronoun(self, pronoun: Token) -> Speaker:
        person, gender, number = PRONOUNS[pronoun.lower_]
        previous = self.previous(pronoun.idx)
        if person != 3:
            if previous is not None and self._paragraph(pronoun.idx) - self._paragraph(previous[0]) <= 1:
                return previous[1]
            return UNKNOWN
        if gender in ("m", "f"):
            kinds: tuple[str, ...] = ("person", "anonymous")
        elif gender == "n":
            kinds = ("organization", "country")
        else:
            kinds = ("group", "organization", "country", "anonymous")
        found = self._salient(pronoun.idx, kinds, number, gender)
        if found is not None:
            return found
        if previous is not None and previous[1].kind in kinds:
            return previous[1]
        if gender in ("m", "f"):
            # Nothing in the last sentences: the person the article is about, named most so far.
            topic = self._topic_person(pronoun.idx, gender)
            if topic is not None:
                return self._entity_speaker(topic)
        return UNKNOWN

    def _topic_person(self, before: int, gender: str) -> str | None:
        counts = Counter(
            o.key
            for o in self.occurrences
            if o.start < before and self.entities[o.key].kind == "person" and self.gender_of(o.key) in (None, gender)
        )
        return counts.most_common(1)[0][0] if counts else None

    def _salient(
        self, at: int, kinds: tuple[str, ...], number: str, gender: str | None, role_word: str | None = None
    ) -> Speaker | None:
        """The most salient actor before offset `at` of the given kinds, number and gender: met in the last few
        sentences, a subject, the previous statement's speaker. With `role_word`, only people the article gave
        no other office."""
        here = self._sentence(at)
        previous = self.previous(at)
        scores: dict[str, tuple[float, int]] = {}
        names: dict[str, Speaker] = {}

        def near(occurrence: _Occurrence) -> bool:
            return occurrence.start < at and here - occurrence.sentence <= WINDOW_SENTENCES

        candidates = [(o, self._entity_speaker(o.key)) for o in self.occurrences if near(o)]
        known_names = {e.name for e in self.entities.values()}
        for start, spoken in self.spoken:
            said = _Occurrence("said:" + (spoken.name or ""), start, self._sentence(start), True, False)
            if spoken.name and spoken.name not in known_names and near(said):
                candidates.append((said, spoken))
        candidates += [(o, speaker) for o, speaker in self.chain if near(o)]
        for occurrence, speaker in candidates:
            if occurrence.start >= at or here - occurrence.sentence > WINDOW_SENTENCES:
                continue
            if speaker.kind not in kinds:
                continue
            if role_word is not None and speaker.role and role_word not in fold(speaker.role).split():
                continue
            entity = self.entities.get(occurrence.key) or self.entities.get(self._key_of(speaker.name) or "")
            plural = entity.plural if entity is not None else speaker.kind == "group"
            if speaker.kind == "anonymous":
                plural = _plural_description(speaker.name or "")
            if (number == "pl") != plural and speaker.kind in ("person", "group", "anonymous"):
                continue
            entity_key = occurrence.key if occurrence.key in self.entities else self._key_of(speaker.name)
            known = self.gender_of(entity_key) if speaker.kind == "person" and entity_key else None
            if gender in ("m", "f") and known is not None and known != gender:
                continue
            score = -RECENCY_WEIGHT * (here - occurrence.sentence)
            score += SUBJECT_BONUS * occurrence.subject
            score -= QUOTED_PENALTY * (occurrence.quoted and not self._quoted(at))
            score += GENDER_BONUS * (known is not None)
            if previous is not None and previous[1].name == speaker.name:
                score += PREVIOUS_SPEAKER_BONUS
            key = speaker.name or occurrence.key
            # Equal scores go to the later mention (the nearer one), then by name so the choice is stable.
            ranked = (score, occurrence.start)
            if ranked > scores.get(key, (float("-inf"), -1)):
                scores[key] = ranked
                names[key] = speaker
        if scores:
            best = max(scores, key=lambda k: (scores[k], k))
            return names[best]
        return None

    def _quote_speaker(self, index: int, results: list[Speaker]) -> Speaker:
        """The speaker of the quotation a first-person source stands in: the nearest other statement's source outside
        the quotation, in the same paragraph first."""
        span = self.sources[index]
        assert span is not None
        quote = self._quote_at(span[0])
        paragraph = self._paragraph(span[0])
        best: tuple[tuple[int, int, int], Speaker] | None = None
        for j, other in enumerate(self.sources):
            if other is None or j == index or results[j].name is None:
                continue
            if quote is not None and quote[0] <= other[0] < quote[1]:
                continue
            # Same paragraph first, nearest first; from other paragraphs an earlier speaker (a quotation running on
            # from one paragraph to the next) before a later one.
            distance = abs(self._paragraph(other[0]) - paragraph)
            rank = (distance, int(distance > 0 and other[0] > span[0]), abs(other[0] - span[0]))
            if best is None or rank < best[0]:
                best = (rank, results[j])
        return best[1] if best is not None else UNKNOWN


POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
POSSESSIVE_INSIDE = re.compile(r"(?:'s|’s|'|’)\s+")


# Adjectives that tell nothing of which body or document is meant: "the same poll", "the new poll".
_UNRESTRICTIVE = frozenset(
    {"same", "new", "latest", "recent", "other", "first", "last", "former", "current", "previous", "next", "own",
     "second", "third", "final", "early", "earlier", "later", "most", "top", "big", "major", "whole", "entire"}
)  # fmt: skip


def _names_a_body(head: Token) -> bool:
    word = fold(head.text)
    return word in ORGANIZATION_HEADS or (head.lemma_.lower() or word) in ORGANIZATION_HEADS


def _names_alike(name: str | None, head_word: str, modifiers: set[str]) -> bool:
    """A body's name fits a definite description ("the ministry", "the industry ministry"): the name has the
    description's head word, and the description's narrowing words fit it (it has none, the name has no other
    words, or they share one)."""
    words = fold(name or "").split()
    if head_word not in words:
        return False
    others = {w for w in words if w != head_word and w not in DETERMINERS and w not in ("of", "for")}
    return not modifiers or not others or bool(modifiers & others)


def _quotations(text: str) -> list[tuple[int, int]]:
    """Quoted stretches: curly marks paired, straight marks paired within a paragraph (an unclosed one runs to the
    paragraph's end, as a quote continued in the next paragraph opens again there)."""
    found: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        for m in re.finditer(r"[\"“”«»„‟]", paragraph.group()):
            mark, at = m.group(), paragraph.start() + m.start()
            if open_at is None and (mark == '"' or mark in QUOTE_OPEN):
                open_at = at
            elif open_at is not None and (mark == '"' or mark in QUOTE_CLOSE):
                found.append((open_at, at + 1))
                open_at = None
        if open_at is not None:
            found.append((open_at, paragraph.end()))
    return found


def _root(tokens: list[Token]) -> Token:
    """The token of a span whose head lies outside it (the first such; a noun or pronoun over other words)."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    nominal = [t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return (nominal or heads or tokens)[0]


def _partitive_set(head: Token) -> Token | None:
    """The set a count or quantifier takes some out of: "aides" in "one of the aides", "them" in "two of them"."""
    if not (_counted(head) or head.lower_ in PARTITIVES):
        return None
    return next((c for c in head.children if c.i > head.i and _of_marker(c) is not None), None)


def _of_marker(noun: Token) -> Token | None:
    """The "of" that marks a noun as a set or part ("of the aides", "of them")."""
    return next((c for c in noun.children if c.dep_ == "case" and c.lower_ == "of"), None)


def _counted(token: Token) -> bool:
    """A number that counts people ("one", "two", "38"); a year or an amount is no count."""
    return token.like_num and token.pos_ == "NUM" and not (token.text.isdigit() and len(token.text) == 4)


def _marked_unnamed(description: str) -> bool:
    """Whether a description says its speakers are unnamed ("familiar with the talks", "who spoke on ...")."""
    low = fold(description)
    return any(mark in low for mark in ANONYMITY_MARKS)


def _in_group(member: Token) -> bool:
    """The members' noun of a group that acts as one ("senators" in "a bipartisan group of senators", "members" in
    "a cross-party group of 38 members"): they are that group, not anonymous sources, whatever their noun."""
    return member.dep_ == "nmod" and member.head.i < member.i and fold(member.head.text) in GROUPS


def _member_head(head: Token) -> Token:
    """ "senators" in "a bipartisan group of senators"."""
    if fold(head.text) in COLLECTIVES:
        for child in head.children:
            if child.dep_ == "nmod" and child.i > head.i and child.pos_ == "NOUN":
                return child
    return head


def _listed(tokens: list[Token]) -> bool:
    """The span is a list of three or more sources joined by commas and a final "and" ("Estvany, Lorr and the
    Baltic states"): the first item's head (the span's first word whose head lies outside it) has two or more
    conjuncts in the span, and every item's head is a name or a plural noun (so "Jay DiPietro, the club's
    president and general manager" is one person), with no verb, appositive or relative clause among them."""
    inside = {t.i for t in tokens}
    if not any(t.text == "," for t in tokens) or not any(t.lower_ in ("and", "&") for t in tokens):
        return False
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("appos", "acl", "acl:relcl") for t in tokens):
        return False
    first = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)
    if first is None:
        return False
    items = [first, *(t for t in first.children if t.dep_ == "conj" and t.i in inside)]
    return len(items) >= 3 and all(t.pos_ == "PROPN" or t.tag_ in ("NNS", "NNPS") for t in items)


def _coordinated(prefix: list[Token]) -> bool:
    """ "RT and its defenders", "Jon Tester and David Vitter": two sources joined, a group."""
    words = [t for t in prefix if not t.is_punct]
    return any(t.lower_ in ("and", "&") and 0 < k < len(words) - 1 for k, t in enumerate(words)) and not any(
        t.ent_type_ == "ORG" and words[k + 1].ent_type_ == "ORG" and t.lower_ in ("and", "&")
        for k, t in enumerate(words[:-1])
    )


def _strip_determiners(tokens: list[Token]) -> list[Token]:
    tokens = list(tokens)
    while tokens and (tokens[0].lower_ in ("the", "this", "these", "those") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("'s", "’s"):
        tokens = tokens[:-1]
    return tokens


def _plural_description(name: str) -> bool:
    words = fold(name.removeprefix("anonymous: ")).split()
    return bool(words) and (words[0] not in ("a", "an", "one") and any(w.endswith("s") for w in words[:4]))


def _name_part(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.is_punct


def _plural(token: Token) -> bool:
    return "Plur" in token.morph.get("Number", []) or token.tag_ in ("NNS", "NNPS")


def _title_word(token: Token) -> bool:
    """A word of a title written before a name ("Republican", "nominee", "City", "Councillor")."""
    return token.is_alpha and (token.text[:1].isupper() or token.pos_ in ("ADJ", "NOUN"))


def _first_name_word(token: Token) -> bool:
    """A capitalised sentence-opening word that can start a name (not "The", "He", "Monday")."""
    low = token.lower_
    if not (token.is_alpha and token.text[:1].isupper()) or token.pos_ not in ("PROPN", "NOUN", "ADJ"):
        return False
    return low not in DETERMINERS and low not in PRONOUNS and fold(low) not in CALENDAR


def _name_word(token: Token) -> bool:
    """A word that may extend a name run: a proper noun, or a capitalised word mid-sentence ("Daily" in "The Daily
    Caller", which the tagger may read as an adjective)."""
    if _name_part(token):
        return True
    capitalised = token.text[:1].isupper() and not token.is_sent_start and token.is_alpha
    return capitalised and token.pos_ in ("ADJ", "NOUN") and token.lower_ not in DETERMINERS


def _anonymous_name(description: str) -> str:
    """ "anonymous: two people familiar with the talks": the description, its sentence-initial capital undone when
    it opens with a common word ("Two people", "A defence official", "Officials at ...")."""
    word = description.split(" ", 1)[0] if description else ""
    common = DETERMINERS | INDEFINITE | ANONYMOUS_HEADS | PERSON_NOUNS | SENIORITY
    acronym = len(word) > 1 and word.isupper()
    if fold(word) in common and word[:1].isupper() and not acronym:
        description = description[:1].lower() + description[1:]
    return "anonymous: " + description


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:\"'“”‘’")


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text)


def _title_role(title: str) -> str | None:
    """The role words of a title before a name: "Foreign Minister" from "Foreign Minister", none from "Mr."."""
    words = [w for w in title.split() if fold(w) not in HONORIFICS or HONORIFICS[fold(w)]]
    words = [w for w in words if fold(w) not in ("the", "a", "an")]
    if not words:
        return None
    parsed, _ = parse_title(" ".join(words), load_knowledge())
    return " ".join(words) if parsed.role or parsed.organization else None


def _kind(actor: Actor) -> str:
    if actor.kind in KINDS:
        return actor.kind
    if actor.kind == "place":
        return "country"
    return "unknown"


__all__ = ["KINDS", "UNKNOWN", "Speaker", "resolve_speakers"]
