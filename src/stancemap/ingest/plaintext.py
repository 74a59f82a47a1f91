"""Clean text copied or scraped from a news page: find the body, set captions, bylines and footers apart.

Scraped text keeps everything a page showed, one block per line: menus, section labels, share buttons, "Related"
blocks, photo captions with their credits, bylines, datelines and the footer. `clean_plain_text` keeps whole body
lines (or parts of lines, where a caption sits inside a paragraph or a dateline opens it) and never rewrites a
character, so every character of the cleaned text maps back into the raw text through `pieces`: statements found
later point into the file exactly, and machine-translation damage (a lower-cased "paris", "the. The the", a quote
left open) stays as it was.

How the body is found: every line gets a score from features that tell prose from page furniture (words, the share
of function words, sentence punctuation, capitalised-word share, known residue phrases); the body is the contiguous
run of lines with the highest total score (prose is positive, furniture negative), so a short line inside the
article (a subheading, a list item) stays and a long line in the footer does not pull the body there. Scores
depend on position too: after an end-matter heading ("Comments", "More from ...") prose counts for little, and
long stretches of furniture separate blocks. Around that run, an article cut by a box ("Most read") is followed
past the box, a standfirst above the byline is left out and a list the body announces is kept. Inside the run,
lines that are clearly residue ("Advertisement", "Read more: ...", share prompts) are still removed.
The patterns live in `plaintext_patterns`; docs/cleaning.md describes the whole method.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from stancemap.ingest.plaintext_patterns import (
    AUTHOR_BIO,
    CAPTION_PREFIX,
    COMMENT_HEADER,
    COMMENT_HEADER_SHORT,
    COPYRIGHT,
    CREDIT_AT_END,
    CREDIT_INLINE,
    CREDIT_LINE,
    DATELINE,
    END_MATTER,
    FUNCTION_WORDS,
    MOVABLE_WIDGET,
    RESIDUE,
    RESIDUE_ANYWHERE,
    RESIDUE_START,
    SYNDICATION,
    TIME_STAMP,
    clean_outlet,
    credit_of,
    dateline_place,
    find_date,
    parse_byline,
)
from stancemap.records import Caption, Piece

WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
SENTENCE_END = re.compile(r"(?:[.!?…:;]|[.!?…,][\"”’')\]]+)\s*$")
DATE_LINE_START = re.compile(
    r"^[\W_]*(?:published|updated|posted|last updated|first published|modified|created|date|dated|on)\b", re.I
)
PROSE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
# Prose (in score points, about words) seen before end-matter headings count; and how much prose after them counts.
PROSE_BEFORE_END = 40.0
END_DAMPING = 0.05
# A widget inside an article ("Most read", "More from ...") is at most this many lines, and the article resumes with
# at least this many lines of prose in a row.
MAX_WIDGET_LINES = 25
MIN_CONTINUATION_LINES = 2
# How many lines (a standfirst) may stand between the start of the run and the byline before the article starts.
STANDFIRST_LINES = 2
# A list announced by the body's last line ("The dates:") has at most this many items of at most this many words.
MAX_LIST_ITEMS = 60
LIST_ITEM_WORDS = 30
# How fast the cost of consecutive non-prose lines grows (the k-th line of a gap costs 1 + k / GAP_GROWTH times).
GAP_GROWTH = 5.0
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# Below this share of English function words in its long lines, a text is taken for another language.
ENGLISH_FUNCTION_SHARE = 0.15
# How many headline-like lines above the byline are compared for the title.
TITLE_CANDIDATES = 3
# The longest line taken for the caption of a credit line below it.
CAPTION_WORDS = 35
# Words that open a sentence continuing the one before it, which a caption never does.
CONTINUING_OPENERS = frozenset(
    ["he", "she", "it", "they", "we", "i", "this", "that", "these", "those", "but", "and", "so", "then"]
)
CREDIT_PREFIX = re.compile(r"^(?:Photo|Photograph|Picture|Image|Pic|Credit)s?(?: credit| by)?\s*:?\s*(?:©\s*)?", re.I)
# How far from the end of a line a photo credit may start.
CREDIT_TAIL = 160
# A line this long without closing punctuation is a paragraph; shorter ones are headlines.
LONG_UNPUNCTUATED = 20


@dataclass(frozen=True, slots=True)
class PlainText:
    """A cleaned plain-text document. `raw[p.raw_start:p.raw_start+p.length] == text[p.clean_start:...]`."""

    text: str
    pieces: tuple[Piece, ...] = ()
    captions: tuple[Caption, ...] = ()
    removed: tuple[str, ...] = ()
    original_source: str | None = None
    title: str | None = None
    # The outlet's name when the page shows it as a masthead line ("The Saldon Courier").
    site: str | None = None
    author: str | None = None
    date: str | None = None
    # The place a wire dateline names ("KYIV, Ukraine"), and the agency in it ("AP"), when the body opened with one.
    dateline: str | None = None
    agency: str | None = None


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-space character in raw
    text: str  # the line without surrounding white space
    index: int = 0
    words: int = 0
    score: float = 0.0
    # text | residue | end (end-matter heading) | caption | credit | credited (used by a caption) | byline | date
    # | footer (syndication) | copyright
    kind: str = "text"
    meta: dict[str, str] = field(default_factory=dict)


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for chunk in raw.splitlines(keepends=True):
        body = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        # A byte-order mark and zero-width spaces are invisible: they neither start a line's text nor end it.
        stripped = body.strip().strip(INVISIBLE).strip()
        if stripped:
            lead = body.index(stripped)
            lines.append(_Line(start=pos + lead, text=stripped, index=len(lines)))
        pos += len(chunk)
    return lines


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _features(line: _Line) -> tuple[int, float, float, bool]:
    words = _words(line.text)
    n = len(words)
    if not n:
        return 0, 0.0, 0.0, False
    function = sum(1 for w in words if w.lower() in FUNCTION_WORDS) / n
    capitalised = sum(1 for w in words if w[0].isupper()) / n
    return n, function, capitalised, bool(SENTENCE_END.search(line.text))


def _classify(line: _Line) -> None:
    """Set the line's kind from patterns that hold wherever the line sits on the page."""
    text = line.text
    if SYNDICATION.search(text) and len(text) < 300:
        line.kind = "footer"
        return
    if COPYRIGHT.match(text) and len(text) < 200:
        line.kind = "copyright"
        return
    if END_MATTER.match(text) or COMMENT_HEADER.match(text):
        line.kind = "end"
        return
    if RESIDUE.match(text) or RESIDUE_START.match(text):
        line.kind = "residue"
        return
    if len(text) < 400 and (RESIDUE_ANYWHERE.search(text) or AUTHOR_BIO.match(text)):
        line.kind = "residue"
        return
    if CAPTION_PREFIX.match(text) or _credit_at_end(text):
        line.kind = "caption"
        return
    if CREDIT_LINE.match(text) and len(_words(text)) <= 8:
        line.kind = "credit"
        return
    byline = parse_byline(text)
    if byline:
        line.kind = "byline"
        line.meta["author"] = byline
        date = find_date(text)
        if date:
            line.meta["date"] = date
        return
    date = find_date(text) if len(text) < 200 else None
    if date and _is_date_line(text):
        line.kind = "date"
        line.meta["date"] = date


def _could_be_caption(text: str) -> bool:
    """A short description of a picture: not a sentence that goes on from the one before ("He did not ...")."""
    words = _words(text)
    return (
        0 < len(words) <= CAPTION_WORDS
        and words[0].lower() not in CONTINUING_OPENERS
        and not any(q in text for q in '"“”')
    )


def _credit_at_end(text: str) -> re.Match[str] | None:
    # Credits close a line: only its tail is searched, which keeps long paragraphs cheap.
    return CREDIT_AT_END.search(text, max(0, len(text) - CREDIT_TAIL))


def _is_date_line(text: str) -> bool:
    """A short line that is a date stamp ("Published March 3, 2024 10:32 AM"), not a sentence that names a date."""
    words = _words(text)
    if len(words) > 12:
        return False
    if DATE_LINE_START.match(text):
        return True
    function = sum(1 for w in words if w.lower() in FUNCTION_WORDS)
    return function <= 1 and not PROSE_END.search(text.rstrip(".").rstrip())


def _function_scale(lines: list[_Line]) -> float:
    """1 when the long lines are English prose; 0 for other languages, where English function words say nothing."""
    words = function = 0
    for line in lines:
        tokens = _words(line.text)
        if len(tokens) >= 10:
            words += len(tokens)
            function += sum(1 for w in tokens if w.lower() in FUNCTION_WORDS)
    return 1.0 if words == 0 or function / words >= ENGLISH_FUNCTION_SHARE else 0.0


def _score(line: _Line, function_scale: float = 1.0) -> float:
    """Positive for prose, negative for page furniture; the body is the best-scoring run of lines."""
    n, function, capitalised, sentence = _features(line)
    line.words = n
    if line.kind in ("residue", "credit", "credited", "copyright", "footer", "end"):
        return -6.0
    if line.kind in ("byline", "date"):
        return -3.0
    if line.kind == "caption":
        return 0.0
    if n >= 10 and function >= 0.18 * function_scale and capitalised < 0.6:
        if sentence:
            return float(n)
        return n * 0.5 if n >= LONG_UNPUNCTUATED else -1.5
    if PROSE_END.search(line.text) and n >= 4 and function >= 0.1 * function_scale and capitalised < 0.7:
        return n * 0.5
    if n >= 3 and capitalised >= 0.6:
        # Headline-like: a teaser in a list of other stories.
        return -4.0
    return -2.5


def _page_scores(lines: list[_Line]) -> list[float]:
    """Line scores adjusted by where lines stand relative to the body seen so far.

    Once the page has shown some prose, an end-matter heading ("Comments", "More stories") means prose after it
    is most likely comments or teasers, so it counts for much less; bylines and date lines after prose belong to
    other stories' teasers. Lines repeated on the page are navigation.
    """
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    scores: list[float] = []
    prose = 0.0
    ended = False
    gap = 0
    for line in lines:
        score = line.score
        if counts[line.text] > 1 and line.words < 25:
            score = min(score, -5.0)
        if prose >= PROSE_BEFORE_END:
            if line.kind == "end":
                ended = True
            elif line.kind in ("byline", "date"):
                score = -12.0
        if ended and score > 0:
            score *= END_DAMPING
        # A long stretch of furniture separates blocks more than its lines add up to: each further line costs more.
        gap = gap + 1 if score < 0 else 0
        if score < 0:
            score *= 1.0 + gap / GAP_GROWTH
        prose += max(score, 0.0)
        scores.append(score)
    return scores


def _after_masthead(lines: list[_Line], first: int, last: int) -> int:
    """Where the article starts when the run opens with a standfirst and then the byline or date line.

    A summary line above the byline ("The CEOs talk enterprise mobility ...") introduces the article; the
    article's own text starts after the byline and date lines.
    """
    for i in range(first, min(last, first + STANDFIRST_LINES + 1)):
        if lines[i].kind in ("byline", "date"):
            j = i
            while j < last and lines[j].kind in ("byline", "date", "residue", "credit", "caption"):
                j += 1
            if j < last:
                return j
    return first


def _could_be_list_item(line: _Line) -> bool:
    return line.kind == "text" and 0 < len(_words(line.text)) <= LIST_ITEM_WORDS


def _continuations(lines: list[_Line], end: int) -> list[tuple[int, int]]:
    """Blocks of prose that continue the article after a widget ("Most read", a teaser list) cut it in two.

    After the body's end, a widget may be skipped when it holds nothing that ends an article (a comments heading, a
    reader's comment header, another story's byline, a copyright or syndication line) and prose resumes after it
    with at least two lines of prose in a row (a teaser list alternates headlines and one-line summaries).
    """
    found: list[tuple[int, int]] = []
    i = end
    while i < len(lines):
        start = None
        for j in range(i, min(len(lines), i + MAX_WIDGET_LINES)):
            if _ends_article(lines[j]):
                return found
            if all(map(_is_prose, lines[j : j + MIN_CONTINUATION_LINES])) and j + MIN_CONTINUATION_LINES <= len(lines):
                start = j
                break
        if start is None:
            return found
        block_end = start
        while block_end < len(lines) and lines[block_end].kind == "text" and lines[block_end].score > 0:
            block_end += 1
        found.append((start, block_end))
        i = block_end
    return found


def _is_prose(line: _Line) -> bool:
    return line.kind == "text" and line.words >= 10 and line.score > 0 and bool(PROSE_END.search(line.text))


def _ends_article(line: _Line) -> bool:
    if line.kind in ("byline", "footer", "copyright"):
        return True
    return line.kind == "end" and not MOVABLE_WIDGET.match(line.text)


def _best_run(scores: list[float]) -> tuple[int, int]:
    """Indices [start, end) of the contiguous run with the highest total score (Kadane)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _split_caption(text: str) -> tuple[int, int, int, str] | None:
    """Where a caption sits inside a paragraph line: (start, credit start, end, credit), or None."""
    for m in CREDIT_INLINE.finditer(text):
        # The caption is the sentence that the credit closes: back to the end of the sentence before it.
        sentence = text[: m.start()].rstrip()
        cut = max(sentence[:-1].rfind(mark) for mark in (". ", "? ", "! ", '." ', ".” ", '?" ', "?” "))
        start = 0 if cut < 0 else cut + 1
        while start < len(text) and text[start] in " \"”'’":
            start += 1
        if len(_words(sentence[start:])) < 4:
            continue
        return start, m.start(), m.end(), m.group("credit").strip()
    return None


def _caption_of(text: str) -> Caption:
    m = _credit_at_end(text)
    if m:
        return Caption(text=text[: m.start()].rstrip(" |•"), credit=credit_of(m).strip())
    return Caption(text=text, credit=None)


def _body_lines(lines: list[_Line]) -> tuple[set[int], int, int]:
    """Indices of the lines that make up the article, its first line and the index just after its last line."""
    first, last = _best_run(_page_scores(lines))
    if last <= first:
        first, last = 0, 0
    first = _after_masthead(lines, first, last)
    body_lines = set(range(first, last))
    for start, end in _continuations(lines, last):
        body_lines.update(range(start, end))
        last = end
    if last > first and last < len(lines) and lines[last].kind == "text" and lines[last].text.endswith(":"):
        # The line after the body announces a list ("The tour dates:"): it and its items belong to the article.
        body_lines.add(last)
        last += 1
    if last > first and lines[last - 1].text.endswith(":"):
        # The body ends by announcing a list: its items are short lines, part of the article.
        end = last
        while end < len(lines) and end - last < MAX_LIST_ITEMS and _could_be_list_item(lines[end]):
            end += 1
        body_lines.update(range(last, end))
        last = end
    return body_lines, first, last


def clean_plain_text(raw: str) -> PlainText:
    """The article body of scraped text, with captions, byline, date, dateline and syndication set apart."""
    lines = _split_lines(raw)
    if not lines:
        return PlainText(text="")
    for line in lines:
        _classify(line)
    for line, following in itertools.pairwise(lines):
        # A reader's comment header is followed by its time stamp; otherwise "X writes:" introduces a quotation.
        if line.kind == "text" and COMMENT_HEADER_SHORT.match(line.text) and TIME_STAMP.search(following.text):
            line.kind = "end"
        # A short line right above a credit line ("Photo: Jane Doe/Reuters") is that photo's caption.
        if following.kind == "credit" and line.kind == "text" and _could_be_caption(line.text):
            line.kind = "caption"
            line.meta["credit"] = CREDIT_PREFIX.sub("", following.text).rstrip(".")
            following.kind = "credited"
    function_scale = _function_scale(lines)
    for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
        # "Comments" between "Twitter" and "Print" is a button in a share bar, not the heading of a section.
        if line.kind == "end" and before.kind == after.kind == "residue":
            line.kind = "residue"
    for line in lines:
        line.score = _score(line, function_scale)
    body_lines, first, last = _body_lines(lines)

    captions: list[Caption] = []
    removed: list[str] = []
    author: str | None = None
    date: str | None = None
    original_source: str | None = None
    body: list[tuple[int, str]] = []  # (raw offset, text) of each kept piece, in order
    breaks: list[bool] = []  # whether the piece starts a new line (False: it continues the previous line)
    dateline = agency = None

    for line in lines:
        inside = line.index in body_lines
        kind = line.kind
        if kind == "byline":
            author = author or line.meta["author"]
            date = date or line.meta.get("date")
            removed.append(line.text)
            continue
        if kind == "date":
            date = date or line.meta["date"]
            removed.append(line.text)
            continue
        if kind == "footer":
            original_source = original_source or clean_outlet(SYNDICATION.search(line.text))
            removed.append(line.text)
            continue
        if kind == "copyright":
            # A copyright line right after the body names the wire the story came from; the site's own
            # footer, further down among the menus, does not.
            if last <= line.index <= last + 2 and original_source is None:
                original_source = clean_outlet(COPYRIGHT.match(line.text))
            removed.append(line.text)
            continue
        if kind == "caption":
            caption = _caption_of(line.text)
            if caption.credit is None and "credit" in line.meta:
                caption = Caption(text=caption.text, credit=line.meta["credit"])
            captions.append(caption)
            continue
        if kind == "credited":
            continue
        if not inside or kind in ("residue", "credit", "end"):
            removed.append(line.text)
            continue
        text, start = line.text, line.start
        if not body:
            m = DATELINE.match(text)
            if m and len(text) > m.end() + 20:
                dateline = dateline_place(m)
                agency = m.group("agency")
                text, start = text[m.end() :], start + m.end()
        split = _split_caption(text)
        if split:
            c_start, credit_start, c_end, credit = split
            captions.append(Caption(text=text[c_start:credit_start].rstrip(), credit=credit))
            head = text[:c_start].rstrip()
            tail_offset = c_end + (len(text[c_end:]) - len(text[c_end:].lstrip()))
            tail = text[tail_offset:]
            if head:
                body.append((start, head))
                breaks.append(True)
            if tail:
                body.append((start + tail_offset, tail))
                breaks.append(not head)
            continue
        body.append((start, text))
        breaks.append(True)

    out: list[str] = []
    pieces: list[Piece] = []
    length = 0
    for (raw_start, text), new_line in zip(body, breaks, strict=True):
        if out:
            sep = "\n" if new_line else " "
            out.append(sep)
            length += 1
        pieces.append(Piece(clean_start=length, raw_start=raw_start, length=len(text)))
        out.append(text)
        length += len(text)

    title = _title(lines, first)
    return PlainText(
        site=_site(lines, first, title),
        text="".join(out),
        pieces=tuple(pieces),
        captions=tuple(captions),
        removed=tuple(removed),
        original_source=original_source,
        title=title,
        author=author,
        date=date,
        dateline=dateline,
        agency=agency,
    )


# Words a masthead may hold in lower case ("Journal of Commerce", "The Voice of the West").
MASTHEAD_LOWER = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "le", "el", "am", "im"})
# A masthead is a name, not a sentence or a menu: this many words at most.
MASTHEAD_WORDS = 6
# Where a masthead stands: among the first lines of a page, or right next to the headline.
MASTHEAD_TOP_LINES = 3
# An edition note after an outlet's name: "(English edition)", "(Online)".
EDITION_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _is_masthead(line: _Line, title: str | None) -> bool:
    """A short title-case name with no closing punctuation: "Coastline Herald", "Vennby Tidning (English edition)"."""
    name = EDITION_NOTE.sub("", line.text)
    words = name.split()
    if line.kind not in ("text", "residue") or name == title or not 2 <= len(words) <= MASTHEAD_WORDS:
        return False
    if name.endswith((".", ":", ",", "?", "!", ";")) or any(ch.isdigit() for ch in name):
        return False
    return all(w[:1].isupper() or w.lower() in MASTHEAD_LOWER for w in words) and words[0][:1].isupper()


def _site(lines: list[_Line], first: int, title: str | None) -> str | None:
    """The outlet's name from the page head: the line just under (or over) the headline, else one at the very top.

    Only lines above the body are looked at, so a title-case line inside the article is never taken.
    """
    head = lines[:first]
    at_title = [line.index for line in head if title is not None and line.text == title]
    near = [i for t in at_title[:1] for i in (t + 1, t - 1) if 0 <= i < len(head)]
    for i in [*near, *range(min(MASTHEAD_TOP_LINES, len(head)))]:
        if _is_masthead(head[i], title):
            return EDITION_NOTE.sub("", head[i].text)
    return None


def _title(lines: list[_Line], first: int) -> str | None:
    """The headline: the longest headline-like line just above the byline/date block that precedes the body.

    A site's name often sits between the headline and the byline, so the last few candidates are compared.
    """
    candidates = [
        line
        for line in lines[:first]
        if line.kind == "text" and 3 <= len(_words(line.text)) <= 30 and not line.text.endswith((".", ":", ","))
    ]
    if not candidates:
        return None
    meta = [line.index for line in lines[:first] if line.kind in ("byline", "date")]
    if meta:
        candidates = [c for c in candidates if c.index < meta[0]] or candidates
    return max(candidates[-TITLE_CANDIDATES:], key=lambda c: len(_words(c.text))).text
