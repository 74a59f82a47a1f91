"""The patterns that `plaintext` recognises lines by: residue, captions and credits, bylines, dates, footers.

They describe what news pages print around an article, not any one site: menu and button words, "Read more"
prompts, photo credits in the forms agencies use, wire datelines, syndication notices.
"""

from __future__ import annotations

import re
from importlib.resources import files

# English function words: prose is full of them, menus and headline lists are not (as jusText measures).
FUNCTION_WORDS = frozenset(
    line.strip()
    for line in (files("stancemap.ingest") / "plaintext_function_words.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:t(?:ember)?|\.)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# Month names of the other languages news feeds most often mix in (German, French, Spanish), in full: dates in
# articles that are not English still date the article ("Donnerstag, 12. März 2026", "le 3 mars 2026").
_FOREIGN_MONTHS = {
    **dict.fromkeys(["januar", "janvier", "enero"], 1),
    **dict.fromkeys(["februar", "février", "fevrier", "febrero"], 2),
    **dict.fromkeys(["märz", "maerz", "mars", "marzo"], 3),
    **dict.fromkeys(["avril", "abril"], 4),
    **dict.fromkeys(["mai", "mayo"], 5),
    **dict.fromkeys(["juni", "juin", "junio"], 6),
    **dict.fromkeys(["juli", "juillet", "julio"], 7),
    **dict.fromkeys(["août", "aout", "agosto"], 8),
    **dict.fromkeys(["septembre", "septiembre"], 9),
    **dict.fromkeys(["oktober", "octobre", "octubre"], 10),
    **dict.fromkeys(["novembre", "noviembre"], 11),
    **dict.fromkeys(["dezember", "décembre", "decembre", "diciembre"], 12),
}
_FOREIGN_MONTH = "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
_DATES = (
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    # "12. März 2026", "3 mars 2026", "3 de marzo de 2026"
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>{_FOREIGN_MONTH})(?!\w)\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
)


def _month_number(name: str) -> int:
    return _FOREIGN_MONTHS.get(name.lower()) or _MONTHS[name[:3].lower()]


def find_date(text: str) -> str | None:
    """The first calendar date written in `text`, as ISO YYYY-MM-DD."""
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        month = m.group("month")
        number = int(month) if month.isdigit() else _month_number(month)
        day, year = int(m.group("day")), int(m.group("year"))
        if 1 <= number <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{number:02d}-{day:02d}"
    return None


# Whole lines that are page furniture wherever they stand (case-insensitive; trailing arrows and colons allowed).
RESIDUE = re.compile(
    r"^[\W_]*(?:"
    r"advertisement|advertising|ad|ads|sponsored(?: content| links?)?|paid (?:content|post)|promoted(?: content)?|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"continue reading(?: (?:below|the main story|this article))?|"
    r"read (?:more|next|full (?:article|story)|the full story|on)|keep reading|"
    r"related(?: (?:articles?|stories|story|content|coverage|links|topics|news|posts|reading|videos?|items))?|"
    r"more (?:stories|news|videos|articles|on this(?: story| topic)?|from [\w .&'’-]{1,40}|like this)|"
    r"see also|also read|recommended(?: for you| stories| videos| reading)?|you (?:may|might) (?:also )?(?:like|enjoy)|"
    r"we recommend|most (?:popular|read|viewed|shared|watched)(?: articles| stories| videos)?|"
    r"trending(?: now| stories)?|"
    r"top stories|editor'?’?s picks|latest(?: news| stories| headlines| videos)?|in (?:other|case you missed it) news|"
    r"share(?: this)?(?: article| story| page| post)?|share (?:on|to|via|with) [\w ]{1,20}|shares?|\d+ shares?|"
    r"tweet|email|e-mail|print|save|saved|bookmark|copy link|link copied|copied|gift (?:this )?article|"
    r"comments?|\d+ comments?|view comments|show comments|(?:leave|post|add) a (?:comment|reply)|reply|"
    r"join the conversation|(?:back|return|scroll|go) to top|top|skip to (?:main )?content|skip navigation|"
    r"menu|main menu|close|open|search|home|homepage|sign in|sign up|log ?in|log ?out|register|subscribe(?: now)?|"
    r"newsletters?|next|previous|prev|next (?:article|story|post)|previous (?:article|story|post)|"
    r"show (?:more|less)|load more|see more|view more|expand|collapse|toggle caption|hide caption|"
    r"enlarge this image|image|photo|photos|video|watch|listen|play|pause|(?:\d+ )?min(?:ute)?s? read|"
    r"listen to (?:this )?article|follow us|follow|like|facebook|twitter|linkedin|whatsapp|reddit|pinterest|"
    r"instagram|youtube|flipboard|telegram|mail|x|rss|loading\.*|please wait|gallery|view gallery|"
    r"\d+ (?:photos|images|pictures)|\d+\s*/\s*\d+|\d+ of \d+|(?:image|photo|slide|picture) \d+ (?:of|/) \d+|"
    r"updated.{0,40}\bago|\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago|just now|"
    r"accept(?: all)?(?: cookies)?|reject all|cookie (?:settings|policy|preferences)|manage (?:cookies|preferences)|"
    r"privacy(?: policy)?|terms(?: of (?:use|service))?|terms (?:and|&) conditions|contact(?: us)?|about(?: us)?|"
    r"advertise(?: with us)?|all rights reserved|topics|tags|filed under|categories|reuse this content|reprints?|"
    r"order (?:a )?reprint|permalink|opinion|analysis|breaking(?: news)?|exclusive|live|updated|world|news|"
    r"business|politics|sports?|entertainment|tech(?:nology)?|science|health|lifestyle|culture|travel|"
    r"español|english|edition|more|featured|jobs|weather|markets|video player is loading\.?|"
    r"getty|getty images|(?:submitted|contributed|file|courtesy|handout|stock) (?:photo|image)|handout|report|"
    r"view all(?: \(\d+\))?|see all(?: [\w ]{1,20})?|back to (?:gallery|article|story)|by|print this (?:article|page)|"
    r"no comments yet.{0,40}"
    r")[\W_]*$",
    re.I,
)

# Lines that open with a prompt or label: the rest of the line is a link, a headline or a notice.
RESIDUE_START = re.compile(
    r"^[\[(]?\s*(?:"
    r"(?:read|read more|see|watch|listen|also read|more|related|recommended|explore|don'?t miss|must read|trending|"
    r"more from|more on|read also|related articles?|related stories|related coverage|related video|"
    r"media caption|image caption|advertisement|sponsored|"
    r"updated|last updated|published|posted|filed|topics|tags|categories)\s*:"
    r"|(?:also|related|more|read|see|watch|listen)(?: \w+)?\s*:|image (?:copyright|source|credit)\b|"
    r"also on [\w-]+\.\w+|on [\w.-]+\.(?:com|org|net|co\.uk)\s*:|follow (?:me|him|her)\b|like this (?:story|article)\?|"
    r"thanks for (?:signing up|subscribing)|no spam\b|please check the opt-in|there was an error processing|"
    r"keep an eye on your inbox|get breaking|breaking news (?:emails|alerts)|let our news|stay up to date with|"
    r"get access to|join our [\w ]{1,30}forums?"
    r"|read more (?:about|on|at|from|here)|click here|tap here|sign up (?:for|to)|subscribe (?:to|for|now|today)|"
    r"get (?:our|the) (?:free )?(?:newsletter|daily|weekly|app)|download (?:our|the) app|follow (?:us|@)|"
    r"this (?:web)?site uses cookies|we use cookies|by continuing to (?:use|browse)|by using this (?:web)?site|"
    r"we and our partners|your privacy (?:choices|settings|rights)|cookie policy|enable javascript|"
    r"your browser (?:does not|is out of date|doesn'?t)|"
    r"want (?:more|to read more)|don'?t miss|you have \d+ (?:free )?articles?|already (?:a subscriber|have an account)|"
    r"to read the full (?:story|article)|support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"report (?:a|an) (?:error|typo|correction)|have a (?:news )?tip|send us a tip|got a (?:news )?tip|"
    r"if you (?:purchase|buy) (?:something|a product)|we may (?:earn|receive) (?:a )?commission|"
    r"this (?:post|article|page) (?:may )?contains? affiliate"
    r")",
    re.I,
)

# Headings that open the end matter of a page (comments, more stories): prose after them is rarely the article.
END_MATTER = re.compile(
    r"^[\W_]*(?:"
    r"comments?|\d+ comments?|comments? \(\d+\)|\d+ (?:responses?|replies|thoughts?) (?:to|on) .{1,160}|"
    r"(?:leave|post|add|write) a (?:comment|reply|response)|join the (?:conversation|discussion)|discussion|"
    r"more (?:from|on|in|stories from|news from) .{1,50}|(?-i:More(?: [A-Z][\w.&'’-]*){1,4})|"
    r"(?:related|more|recommended|popular|latest|other|similar|top|trending|featured|editor'?’?s picks)"
    r"(?: (?:articles|stories|posts|content|coverage|news|reading|links|videos|reads|topics))?|"
    r"don'?t miss|in case you missed it|see also|further reading|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|(?:we|editors) recommend|"
    r"(?:recommended|picked) for you|about the authors?|(?:from|around) (?:the web|our partners)|"
    r"what to read next|read (?:this|these) next|up next|next up|share this(?: article| story| post)?|"
    r"share your thoughts.{0,40}|popular posts|(?:comments|responses) feed|comment policy|"
    r"(?:sponsored|promoted|partner) (?:stories|content|links)|latest (?:videos|stories|news)|"
    r"most (?:popular|read|viewed|shared|watched|commented)(?: \w+){0,3}|trending(?: now| stories)?"
    r")[\W_]*$",
    re.I,
)
# End-matter headings that pages also drop into the middle of an article, as a box between paragraphs.
MOVABLE_WIDGET = re.compile(
    r"^[\W_]*(?:most (?:popular|read|viewed|shared|watched)|more|trending|recommended|related|top|popular|latest|"
    r"similar|other|featured|editor'?’?s picks|you (?:may|might) (?:also )?like|don'?t miss|in case you missed it|"
    r"see also|further reading)",
    re.I,
)
# The header of a reader's comment: "janedoe says:", "Milan Roe on September 12, 2018 at 4:47 pm said:".
COMMENT_HEADER = re.compile(
    r"^.{1,60}\b(?:on|at) .{0,40}\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s+(?:says|said|wrote|writes|commented)\s*:$", re.I
)
# "janedoe says:" is a comment header only when a time stamp follows; "Hewitt writes:" introduces a quotation.
COMMENT_HEADER_SHORT = re.compile(r"^\S+(?: \S+){0,3}\s+(?:says|said|wrote|writes|commented)\s*:$", re.I)
TIME_STAMP = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\b|\bago\b", re.I)

# Phrases found only in page furniture (sign-up boxes, affiliate notices, share buttons), wherever they stand.
RESIDUE_ANYWHERE = re.compile(
    r"affiliate commission|may (?:earn|receive) (?:a|an) (?:small )?(?:affiliate )?commission|opt-in box|"
    r"unsubscribe at any time|delivered to your inbox|protected by recaptcha|share it with a friend|"
    r"opens? in (?:a )?new window|click to (?:share|email|print)|sign up for (?:our|the) [\w ]{1,30}newsletter|"
    r"(?:news|headlines|briefing|stories|newsletter)\b[\w ,'’]{0,40} (?:in|to) your inbox|"
    r"subscribe to our (?:sister|free|daily|weekly|print|newsletter)|^email [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? at \S+@|"
    r"(?:translated automatically|automatic(?:ally)? translat|machine[- ]translat)\w*[^.]{0,60}(?:\.|\]|$)",
    re.I,
)
_NAME_BIO = r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
# A short author biography under the article: "Phil Roe is a reporter for Example News."
AUTHOR_BIO = re.compile(
    rf"^(?:{_NAME_BIO} (?:is|was|has been) (?:a|an|the) (?:[\w-]+ ){{0,4}}"
    r"(?:reporter|writer|correspondent|editor|journalist|columnist|contributor|producer|author)\b"
    rf"|{_NAME_BIO} joined [\w ]{{1,40}} in (?:{_MONTH} )?\d{{4}}"
    r"|I am a (?:[\w-]+ ){0,2}(?:writer|journalist|reporter))"
)

# Credits, in the forms picture desks write them.
_PART = r"(?:@[\w.]+|[A-Z][\w.'’&-]+(?:[ -](?:[A-Z][\w.'’&-]*|de|del|da|van|von|der|la|le|for|of|the|and|via))*)"
_AGENCY = (
    r"(?:AP(?: Photo)?|Reuters|REUTERS|AFP|Getty Images|EPA(?:-EFE)?|Bloomberg|Shutterstock|Xinhua|Anadolu|Alamy|"
    r"PA(?: Images| Wire)?|dpa|ANSA|Sipa|Pool|NurPhoto|SOPA Images|Zuma Press|Handout)"
)
_PREFIX = r"(?:(?:Photo|Photograph|Picture|Image|Pic|Credit)s?(?: credit| by)?\s*:?\s*(?:©\s*)?)"
_CREDIT_CORE = (
    rf"(?:{_PREFIX}?(?:{_PART}(?:\s?/\s?{_PART})+(?: via {_PART})?|{_PART} (?:via|for) {_PART}|{_AGENCY}(?:/{_PART})?)"
    rf"|{_PREFIX}{_PART})(?:, [Ff]ile)?"
)
# A caption line's credit: "(Jane Doe/Reuters)", "Photograph: Jane Doe/AP", "REUTERS/Jane Doe", "| Getty Images".
CREDIT_AT_END = re.compile(
    rf"(?:\(\s*(?P<credit>{_CREDIT_CORE})\s*\)"
    rf"|(?:(?<=[.!?\s])|(?<=[a-z])(?=Credit:))(?:Photo(?:graph)?|Picture|Image|Credit|Photo credit)s?\s*:\s*"
    rf"(?P<credit2>{_PART}(?:\s?[/,-]\s?{_PART})*)"
    rf"|(?<=[.!?\s])©\s*(?P<credit5>{_PART}(?:\s?/\s?{_PART})*)"
    rf"|(?<=[.!?] )(?P<credit3>(?:REUTERS|AP|AFP|EPA|Reuters)/{_PART}(?:/{_PART})?)"
    rf"|\s[|•]\s*(?P<credit4>{_CREDIT_CORE})"
    # A bare name in brackets after the closing full stop: "... on Wednesday. (Coastline Herald)". In prose a
    # bracket comes before the full stop, so this form is a credit.
    rf"|(?:(?<=[.!?][\"”’]\s)|(?<=[.!?]\s))\((?P<credit6>{_PART})\))\s*$"
)
# A parenthesised credit with more prose after it: a caption sitting inside a paragraph.
CREDIT_INLINE = re.compile(rf"\((?P<credit>{_CREDIT_CORE})\)(?=\s+\S)(?!\s*[—–-])")
# A line that is only a credit: "Photo: Jane Doe/Reuters", "Getty Images", "AP Photo/Evan Roe".
CREDIT_LINE = re.compile(
    rf"^(?:{_PREFIX}{_PART}(?:\s?[/,]\s?{_PART})*|{_AGENCY}(?:\s?/\s?{_PART})*|"
    rf"{_PART}\s?/\s?{_PART}(?: via {_PART})?|{_PART},\s{_AGENCY}(?: [Ff]ile)?)"
    r"\.?$"
)
# Lines that are captions by their opening words.
CAPTION_PREFIX = re.compile(
    r"^(?:FILE PHOTO\s*[:-]|FILE\s+[-–—]\s|IMAGE:|PHOTO:|Image caption\b|Caption:|Pictured:|In this (?:file )?photo\b|"
    r"(?:Photo|Image|Picture) caption\s*:?)"
)


def credit_of(m: re.Match[str]) -> str:
    """The credit text matched by CREDIT_AT_END (whichever form it took)."""
    groups = ("credit", "credit2", "credit3", "credit4", "credit5", "credit6")
    return next(g for g in (m.groupdict().get(name) for name in groups) if g)


_NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|del|la|le|bin|al|el)){0,4})"
_NAMES = rf"{_NAME}(?:\s*(?:,|,? and|&)\s+{_NAME})*"
_BYLINE = (
    re.compile(
        r"^(?:By|BY|by|Written by|Words by|Story by|Reporting by|Text by|Posted by|Published by|Reported by)"
        rf"[:\s]+(?P<names>{_NAMES})"
        r"(?:\s*(?:[,|•·—–-]|\bin\b|\bfor\b|\bon\b)\s*.{0,80})?$"
    ),
    re.compile(
        rf"^(?P<names>{_NAME})\s*(?:,|\||—|–|-)\s*(?:(?:Senior|Chief|Staff|Contributing|Political|Foreign|Special|"
        r"Business|Science|Health|Tech(?:nology)?|Economics|Environment|Investigative|Local|Deputy|Associate)\s+)*"
        r"(?:Writer|Reporter|Correspondent|Editor|Columnist|Contributor|Journalist|Producer)\b.{0,80}$"
    ),
    # "Lena Roe, Example Press Agency": a name and a news organisation.
    re.compile(
        rf"^(?P<names>{_NAME})\s*(?:,|\||—|–)\s*(?:The )?(?:[A-Z][\w.&'’-]* ){{0,3}}"
        r"(?:Agency|News|Press|Wire|Times|Post|Herald|Journal|Tribune|Service|Reuters|AP|AFP|Associated Press)\.?$"
    ),
)


_ROLE_TAIL = re.compile(
    r",\s*(?:[A-Z][a-z]+\s+)*(?:Writer|Reporter|Correspondent|Editor|Columnist|Contributor|Journalist|Producer)s?\b.*$"
)


_NOT_NAMES = re.compile(
    rf"^(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Then|Now|Today|Yesterday|Tomorrow|"
    r"Contrast|Comparison|Law|Design|Default|Far|Now|Way|Midnight|Noon|Dawn|The|This|That|Then|Late|Early)\b"
)


def parse_byline(text: str) -> str | None:
    """The author names of a byline line ("By Jane Roe and John Doe" -> "Jane Roe and John Doe"), or None."""
    if len(text) > 160:
        return None
    for pattern in _BYLINE:
        m = pattern.match(text)
        # "By Tuesday, the ministry had ..." is a sentence, not a byline.
        if (
            m
            and not _NOT_NAMES.match(m.group("names"))
            and not (text.endswith(".") and len(text) - m.end("names") > 40)
        ):
            return _ROLE_TAIL.sub("", m.group("names")).strip(" ,")
    return None


# "KYIV, Ukraine (AP) — ", "BRUSSELS, March 3 (Reuters) - ", "WASHINGTON — ", MT-damaged "paris (AFP) - ", and
# the agency alone where a site dropped the place: "(Reuters) — ". No place and no agency is no dateline.
DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)*)?)"
    r"|(?:[a-z][\w.'’-]+(?: [a-z][\w.'’-]+)?(?:, [\w.]+(?: [\w.]+)?)?(?=,? (?:[\w.]+ \d{1,2} )?\()))?"
    rf"(?:,? (?P<when>(?i:{_MONTH}) \d{{1,2}}))?\s*(?:\((?P<agency>[A-Za-z][\w .&-]{{0,30}})\))?"
    r"(?(place)|(?(agency)|(?!)))\s*(?:—|–|--|-|:)\s+",
)

_TRAILING_DAY = re.compile(rf",?\s*(?i:{_MONTH})\s+\d{{1,2}}$")


def dateline_place(m: re.Match[str]) -> str | None:
    """The place a DATELINE match names, without the day that may follow it ("paris, march 3" -> "paris"); None
    for an agency alone."""
    if m.group("place") is None:
        return None
    return _TRAILING_DAY.sub("", m.group("place").strip(" ,")).strip(" ,")


# Syndication notices: the outlet a copy came from.
SYNDICATION = re.compile(
    r"^[\W_]*(?:(?:this|the|a version of this|an earlier version of this|parts of this) "
    r"(?:article|story|post|piece|report|column|essay|interview|content|op-ed|commentary|blog post|feature)\b"
    r"[^.]{0,60}?\s)?(?:was |is |has been |were )?"
    r"(?:originally (?:published|appeared|ran|posted)|first (?:published|appeared|ran)|republished|"
    r"reprinted|re-?posted|syndicated|produced (?:in partnership with|by)|distributed by)"
    r"(?: (?:here|with permission|in full|under a [\w ]{1,40}licen[cs]e))*"
    r" (?:on|in|at|from|by|with permission (?:from|of)|courtesy of|of)\s+"
    r"(?P<outlet>(?:the )?[A-Z@][^.;|()\n]*?(?:\.[a-z]{2,12}(?:\.[a-z]{2,3})?\b)?)"
    r"(?=\s*[.;|(),:]|\s+(?:under|and|on|as|with|in|at|is|was)\b|\s*$)",
    re.I,
)
# "Copyright 2024 Reuters", "© 2024 The Associated Press. All rights reserved."
COPYRIGHT = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?,?\s*"
    r"(?P<outlet>[^.,;|\n]+?(?:\.(?:com|org|net|co\.uk)\b)?)\s*(?:[.,;|]|\ball rights\b|$)",
    re.I,
)


def clean_outlet(m: re.Match[str] | None) -> str | None:
    """The outlet a syndication or copyright match names, trimmed of filler."""
    if m is None:
        return None
    outlet = re.sub(r"\s+", " ", m.group("outlet")).strip(" ,.:'\"“”")
    outlet = re.sub(r"^(?:the website|the site|our partner|our partners at|partner)\s+", "", outlet, flags=re.I)
    return outlet or None
