"""Cleaning scraped plain text: body, captions with credits, bylines, datelines, syndication, exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.ingest.plaintext import PlainText, clean_plain_text
from stancemap.ingest.plaintext_patterns import find_date
from stancemap.records import Caption


def _clean(fixtures: Path, name: str) -> tuple[str, PlainText]:
    raw = (fixtures / "scraped" / name).read_text(encoding="utf-8")
    return raw, clean_plain_text(raw)


def _assert_maps_back(raw: str, result: PlainText) -> None:
    """Every character of the body comes from the raw text at the offset its piece gives."""
    covered = 0
    for piece in result.pieces:
        chunk = result.text[piece.clean_start : piece.clean_start + piece.length]
        assert raw[piece.raw_start : piece.raw_start + piece.length] == chunk
        covered += piece.length
    # Only the separators between pieces are not from the raw text.
    assert covered == len(result.text) - max(0, len(result.pieces) - 1)


def test_plaintext_nav_page_keeps_only_the_body(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "nav_page.txt")
    assert result.text == (
        "The city council voted 7-4 on Monday night to pause the Eastside ferry levy, a surcharge that commuters "
        "have protested since it took effect in January.\n"
        'Councillor Ines Okafor, who proposed the pause, said the levy had "punished the people with the fewest '
        "options.\" She added that the council would revisit the charge once an audit of the ferry operator's "
        "accounts is complete.\n"
        'Mayor Daniel Broek, who had defended the levy as "the only honest way to fund the crossings," said he '
        "accepted the vote. Protesters gathered outside city hall before the meeting. Inside, the public gallery "
        "was full for the first time this year.\n"
        "The audit is expected to report by June, according to the council's finance committee."
    )
    _assert_maps_back(raw, result)
    assert result.captions == (
        Caption("Commuters queue for the morning ferry at Eastside pier on Monday.", "Priya Raman/Harbour Courier"),
        Caption(
            'A protester holds a placard reading "Fares not fines" outside city hall on Monday.',
            "@lenawrites / Harbour Courier via Coastline Images",
        ),
    )
    assert result.original_source == "HarbourCourier.example"
    assert result.title == "Council votes to pause the Eastside ferry levy after months of protest"
    assert result.author == "Mara Lindqvist and Tobias Achebe"
    assert result.date == "2024-03-04"
    for residue in ("Advertisement", "Related Articles", "Back to top", "Updated 3 hours ago", "Comments (14)"):
        assert residue in result.removed
    assert "Read more: Ferry operator posts record loss for third year running" in result.removed


def test_plaintext_inline_caption_splits_the_line_with_exact_offsets(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "nav_page.txt")
    # The paragraph that held a caption is two pieces: before and after it, both pointing into the raw line.
    before = result.text.index("Protesters gathered")
    after = result.text.index("Inside, the public gallery")
    piece_before = next(p for p in result.pieces if p.clean_start <= before < p.clean_start + p.length)
    piece_after = next(p for p in result.pieces if p.clean_start == after)
    assert piece_before != piece_after
    assert raw[piece_after.raw_start :].startswith("Inside, the public gallery")
    assert raw[piece_after.raw_start - 2] == ")"


def test_plaintext_wire_story_dateline_byline_and_copyright(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "wire_story.txt")
    assert result.text == (
        "European agriculture ministers agreed on Sunday to extend the grain corridor through the Valdoran ports "
        "for another six months, two diplomats said.\n"
        "The extension, which still needs a formal vote next week, keeps tariffs suspended on grain shipped "
        "through the corridor.\n"
        '"We cannot let the harvest rot in silos," one diplomat said, asking not to be named because the talks '
        "were private.\n"
        "Farmers' groups in three member states had opposed the extension, saying cheap imports were driving "
        "down prices."
    )
    assert "Reporting by Halvard Stenmark; Editing by Lise Moreau" in result.removed
    _assert_maps_back(raw, result)
    assert result.dateline == "BRUSSELS"
    assert result.agency == "Reuters"
    assert result.author == "Halvard Stenmark"
    assert result.date == "2024-03-03"
    assert result.original_source == "Reuters"
    assert result.captions == (
        Caption(
            "FILE PHOTO: A cargo ship loaded with grain waits to enter the port of Valdora, February 12, 2024.",
            "REUTERS/Ana Petrescu",
        ),
    )
    # The body starts after the dateline, not at the start of the raw line.
    first = result.pieces[0]
    assert raw[first.raw_start - len("BRUSSELS, March 3 (Reuters) - ") : first.raw_start] == (
        "BRUSSELS, March 3 (Reuters) - "
    )


def test_plaintext_machine_translated_text_is_kept_as_it_is(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "mt_damaged.txt")
    paragraphs = [p for p in raw.split("\n\n")[1:] if p.strip()]
    assert result.text == "\n".join(p.strip() for p in paragraphs)
    assert "in paris that" in result.text and "The the unions" in result.text and "that the. The strike" in result.text
    assert '"We will not sign a text that nobody has read, said the minister' in result.text
    assert result.title == "Minister rejects the pension reform in paris"
    assert result.captions == ()
    _assert_maps_back(raw, result)


def test_plaintext_almost_all_residue_keeps_the_one_sentence(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "almost_residue.txt")
    assert result.text == (
        "The Kessel Street bridge will stay closed until Friday while engineers finish repairs, the county said."
    )
    assert result.author == "Ola Brandt"
    assert result.title == "Bridge closure extended to Friday"
    assert "Story continues below advertisement" in result.removed
    _assert_maps_back(raw, result)


@pytest.mark.parametrize("raw", ["", "\n\n  \n", "Home\nNews\nSport\n"])
def test_plaintext_empty_or_residue_only_gives_empty_body(raw: str) -> None:
    result = clean_plain_text(raw)
    assert result.text == ""
    assert result.pieces == ()


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        ("This article was originally published on Example.com.", "Example.com"),
        ("This story first appeared in The Valley Dispatch, a nonprofit newsroom.", "The Valley Dispatch"),
        ("Republished with permission from Northgate Ledger.", "Northgate Ledger"),
        ("Copyright 2024 Reuters", "Reuters"),
        ("© 2023 The Associated Press. All rights reserved.", "The Associated Press"),
    ],
)
def test_plaintext_syndication_footer_names_the_outlet(footer: str, outlet: str) -> None:
    body = (
        "The port authority said on Tuesday that it would reopen the northern berth after dredging work "
        "finished ahead of schedule, allowing larger vessels to dock again."
    )
    raw = f"{body}\n{footer}\nPrivacy Policy\n"
    result = clean_plain_text(raw)
    assert result.text == body
    assert result.original_source == outlet
    _assert_maps_back(raw, result)


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        (
            "Firefighters tackle the blaze on Sunday. (Jane Doe/Reuters)",
            "Firefighters tackle the blaze on Sunday.",
            "Jane Doe/Reuters",
        ),
        ("Rescue teams search the rubble. (AP Photo/Evan Roe)", "Rescue teams search the rubble.", "AP Photo/Evan Roe"),
        ("Voters queue in Dornbach. Photograph: Lena Fischer/EPA", "Voters queue in Dornbach.", "Lena Fischer/EPA"),
        (
            "Jonas Brekk at the harbour office on Wednesday. (Coastline Herald)",
            "Jonas Brekk at the harbour office on Wednesday.",
            "Coastline Herald",
        ),
        (
            "The minister arrives for talks. (@kvphoto / EPA via Reuters)",
            "The minister arrives for talks.",
            "@kvphoto / EPA via Reuters",
        ),
    ],
)
def test_plaintext_caption_lines_carry_their_credit(line: str, text: str, credit: str) -> None:
    body = (
        "Officials said the operation would continue through the night and that more crews were on their way "
        "from neighbouring districts to relieve the teams already at the site."
    )
    raw = f"{line}\n{body}\n"
    result = clean_plain_text(raw)
    assert result.text == body
    assert result.captions == (Caption(text, credit),)


def test_plaintext_blog_comments_are_not_body(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "blog_comments.txt")
    paragraphs = [line for line in raw.splitlines() if len(line) > 100][:4]
    assert result.text == "\n".join(paragraphs)
    assert "nobody on the board" not in result.text and "jobs figure" not in result.text
    assert result.title == "Why the harbour dredging vote matters more than it looks"
    assert result.author == "Henrike Voss"
    assert result.date == "2024-03-05"
    assert result.original_source is None  # the site's own copyright line is not syndication
    _assert_maps_back(raw, result)


def test_plaintext_widget_inside_the_article_is_skipped_and_the_article_resumes(fixtures: Path) -> None:
    raw, result = _clean(fixtures, "widget_inside.txt")
    kept = [line for line in raw.splitlines() if len(line) > 90 and "budget" not in line]
    assert result.text == "\n".join(kept)
    assert len(kept) == 5
    for teaser in ("School board names new head", "Council sets date for budget hearing", "first public hearing"):
        assert teaser not in result.text
    assert result.author == "Ola Brandt"
    assert result.date == "2024-02-12"
    _assert_maps_back(raw, result)


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the ministry had moved all the remaining patients to the new wing of the hospital.",
        "The study, first published in The Lancet, found no link between the two conditions.",
        "The final vote is set for March 3, 2024.",
        "In a statement on Monday, the minister said:",
        "More than 200 people attended.",
        "Your privacy is not for sale, the senator said.",
        "The motion was backed by the largest group in the chamber (Social Democrats).",
        "Hewitt writes:",
        "Also on Thursday, the mayor said he would no longer fight the release of the video.",
        "MANCHESTER, N.H. (AP) — The count went on through the night in the northern towns, officials said.",
    ],
)
def test_plaintext_sentences_that_look_like_residue_stay_in_the_body(line: str) -> None:
    before = (
        "The regional assembly debated the proposal for most of the afternoon before adjourning without a vote, "
        "leaving the question open until next week."
    )
    after = (
        "Opposition members said they would table amendments of their own, and several independents signalled "
        "that they had not yet made up their minds."
    )
    raw = f"{before}\n{line}\n{after}\n"
    result = clean_plain_text(raw)
    assert result.text == f"{before}\n{line}\n{after}"
    assert result.original_source is None
    assert result.author is None
    _assert_maps_back(raw, result)


@pytest.mark.slow
@pytest.mark.shared
def test_plaintext_copy_paste_benchmark_reaches_its_floor(shared: Path) -> None:
    """The body of real pages, rendered as copy-and-paste text, is recovered at >= 0.85 mean token-F1."""
    import importlib.util
    import statistics

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("copy_paste", ROOT / "bench" / "copy_paste.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    pages = bench.load_pages(shared)
    assert len(pages) == 161
    f1s = [bench.token_f1(clean_plain_text(text).text, truth) for _, text, truth in pages]
    assert statistics.fmean(f1s) >= 0.85
    for _, text, _ in pages:
        raw_result = clean_plain_text(text)
        _assert_maps_back(text, raw_result)


@pytest.mark.parametrize(
    ("prefix", "place", "agency"),
    [
        ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine", "AP"),
        ("BRUSSELS, March 3 (Reuters) - ", "BRUSSELS", "Reuters"),
        ("WASHINGTON — ", "WASHINGTON", None),
        ("paris, march 3 (AFP) - ", "paris", "AFP"),  # machine-translated: the place lower-cased
        ("(Reuters) — ", None, "Reuters"),  # a site that dropped the place keeps the agency
    ],
)
def test_plaintext_dateline_prefix_is_cut_with_exact_offsets(
    prefix: str, place: str | None, agency: str | None
) -> None:
    sentence = "the ministers agreed on Sunday to extend the grain corridor for another six months, two diplomats said."
    raw = f"Grain corridor extended\n{prefix}{sentence}\n"
    result = clean_plain_text(raw)
    assert result.text == sentence
    assert (result.dateline, result.agency) == (place, agency)
    assert result.pieces[0].raw_start == raw.index(sentence)
    _assert_maps_back(raw, result)


def test_plaintext_credit_line_below_a_caption_credits_it() -> None:
    body = (
        "The port authority said on Tuesday that it would reopen the northern berth after dredging work "
        "finished ahead of schedule, allowing larger vessels to dock again."
    )
    raw = f"{body}\nDock workers unload timber at Saltmarsh quay.\nPhoto: Jane Doe/Harbour Images\n{body}\n"
    result = clean_plain_text(raw)
    assert result.text == f"{body}\n{body}"
    assert result.captions == (Caption("Dock workers unload timber at Saltmarsh quay.", "Jane Doe/Harbour Images"),)
    _assert_maps_back(raw, result)


def test_plaintext_windows_line_ends_and_byte_order_mark_keep_offsets_exact() -> None:
    paragraphs = [
        "The port authority said on Tuesday that it would reopen the northern berth after dredging work finished.",
        "Shipping companies welcomed the decision, saying that the closure had cost them several weeks of trade.",
    ]
    raw = "\ufeffHome\r\nNews\r\n\r\n" + "\r\n\r\n".join(paragraphs) + "\r\n"
    result = clean_plain_text(raw)
    assert result.text == "\n".join(paragraphs)
    assert "\r" not in result.text and "\ufeff" not in result.text
    _assert_maps_back(raw, result)


def test_plaintext_comments_button_in_a_share_bar_does_not_end_the_page() -> None:
    notice = (
        "Quotes are delayed by at least fifteen minutes and are provided for information only, not for trading "
        "purposes or advice of any kind. This material may not be published, broadcast, rewritten or "
        "redistributed, and all of the market data on this page is provided by an outside supplier."
    )
    paragraphs = [
        "Harbour Freight Lines reported quarterly earnings that beat forecasts on Tuesday, although revenue fell "
        "short of what analysts had expected.",
        "The company said that demand for container space on its northern routes had recovered faster than it "
        "had planned for at the start of the year.",
        "Its shares fell by four per cent in early trading before recovering most of the loss by the afternoon.",
    ]
    raw = "\n".join([notice, "Markets", "Facebook", "Twitter", "Comments", "Print", "Email", *paragraphs]) + "\n"
    result = clean_plain_text(raw)
    assert result.text == "\n".join(paragraphs)
    _assert_maps_back(raw, result)


@pytest.mark.parametrize(
    "residue",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Read more: Ferry operator posts record loss",
        "[Related: Council delays vote on harbour plan]",
        "Related Articles",
        "Share this article",
        "Share on Facebook",
        "Back to top",
        "Updated 3 hours ago",
        "1 / 12",
        "Image 3 of 10",
        "5 min read",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience on our site.",
        "Click here to subscribe",
        "Follow us on Twitter",
        "Skip to main content",
        "Listen to this article",
        "Getty Images",
    ],
)
def test_plaintext_residue_inside_the_body_is_removed(residue: str) -> None:
    first = (
        "The regional assembly debated the proposal for most of the afternoon before adjourning without a vote, "
        "leaving the question open until next week."
    )
    second = (
        "Opposition members said they would table amendments of their own, and several independents signalled "
        "that they had not yet made up their minds."
    )
    raw = f"{first}\n{residue}\n{second}\n"
    result = clean_plain_text(raw)
    assert result.text == f"{first}\n{second}"
    assert residue in result.removed
    _assert_maps_back(raw, result)


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        (
            "FILE - Ships wait outside the port of Valdora, Feb. 12, 2024. (AP Photo/Ana Roe, File)",
            Caption("FILE - Ships wait outside the port of Valdora, Feb. 12, 2024.", "AP Photo/Ana Roe, File"),
        ),
        (
            "Image caption Ministers arrive for the emergency summit in Saldon",
            Caption("Image caption Ministers arrive for the emergency summit in Saldon", None),
        ),
    ],
)
def test_plaintext_caption_openings_make_captions(line: str, caption: Caption) -> None:
    body = (
        "Officials said the operation would continue through the night and that more crews were on their way "
        "from neighbouring districts to relieve the teams already at the site."
    )
    result = clean_plain_text(f"{body}\n{line}\n{body}\n")
    assert result.text == f"{body}\n{body}"
    assert result.captions == (caption,)


def test_plaintext_list_announced_at_the_end_of_the_body_is_kept() -> None:
    paragraphs = [
        "The Saltmarsh Players will take their new production on the road next spring, visiting eight towns along "
        "the west coast between April and June.",
        "Tickets go on sale on Friday, and the company said that schools would be offered reduced prices.",
    ]
    items = ["April 4 -- Town Hall, Vennby", "April 11 -- Harbour Theatre, Saldon", "May 2 -- Corn Exchange, Brekk"]
    raw = "\n".join([*paragraphs, "The tour dates:", *items, "Share this article", "Privacy Policy"]) + "\n"
    result = clean_plain_text(raw)
    assert result.text == "\n".join([*paragraphs, "The tour dates:", *items])
    _assert_maps_back(raw, result)


def test_plaintext_standfirst_above_the_byline_is_not_body() -> None:
    paragraphs = [
        "The county board voted on Tuesday to dredge the northern channel, ending a dispute that has divided the "
        "harbour towns for most of a decade.",
        "Fishermen who work the northern flats said they would challenge the decision in the regional court.",
    ]
    standfirst = (
        "The decision ends years of argument between the port and the fishing towns, and may not be the last word."
    )
    raw = "\n".join(["Board votes to dredge the northern channel", standfirst, "By Henrike Voss", "March 5, 2024"])
    raw += "\n" + "\n".join(paragraphs) + "\n"
    result = clean_plain_text(raw)
    assert result.text == "\n".join(paragraphs)
    assert standfirst in result.removed
    assert (result.title, result.author, result.date) == (
        "Board votes to dredge the northern channel",
        "Henrike Voss",
        "2024-03-05",
    )
    _assert_maps_back(raw, result)


@pytest.mark.parametrize(
    "raw, site",
    [
        (
            "Harbour tolls to double next spring\nThe Lindmark Gazette\nBy Ada Fenn\n3 March 2026\n\n"
            "The port authority said on Monday that tolls would double from April, citing dredging costs.\n",
            "The Lindmark Gazette",
        ),
        (
            "Skip to main content\nVennby Tidning (English edition)\nHome\nNews\n"
            "Council votes on harbour plan\nTuesday, 24 February 2026\n"
            "The council of Vennby voted on Monday to back the harbour plan after a long debate about its cost.\n",
            "Vennby Tidning",
        ),
        # No masthead: a title-case line inside the body is never taken for the outlet.
        (
            "Harbour tolls to double next spring\n3 March 2026\n\nThe port authority said on Monday that tolls "
            "would double.\nPort Authority Chairman Speaks\nHe said the decision was final and fair to all.\n",
            None,
        ),
        # A sentence-like line under the headline is a standfirst, not a name.
        (
            "Harbour tolls to double\nFishers say the rise will hit them hardest.\n3 March 2026\n\n"
            "The port authority said on Monday that tolls would double from April, citing dredging costs.\n",
            None,
        ),
    ],
)
def test_plaintext_site_from_masthead_line(raw: str, site: str | None):
    assert clean_plain_text(raw).site == site


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published March 3, 2024 10:32 AM", "2024-03-03"),
        ("Donnerstag, 12. März 2026", "2026-03-12"),
        ("Mis à jour le 3 mars 2026 à 18h", "2026-03-03"),
        ("Madrid, 3 de marzo de 2026", "2026-03-03"),
        ("1. Juli 2024", "2024-07-01"),
        ("im Mai dieses Jahres", None),  # a month with no day and year dates nothing
        ("Mars rover lands, 2026", None),
    ],
)
def test_plaintext_find_date_reads_english_german_french_spanish(text: str, expected: str | None):
    assert find_date(text) == expected
