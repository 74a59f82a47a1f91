"""The pages in a real browser (Playwright driving Debian's Chromium against a real `stancemap serve`).

Each test keeps a screenshot of the pages it visits in tests/web/screenshots/ (git-ignored; CI keeps it as an
artifact). Skipped when Playwright or /usr/bin/chromium is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from seed import HOSTILE_KEY, HOSTILE_QUESTION, HOSTILE_SPEAKER, QUESTION_ID, SCREENSHOTS

pytestmark = pytest.mark.slow


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    # What the reader first sees, and the whole page.
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)


def test_browser_open_a_question_filter_by_date_and_open_the_evidence(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    _shot(page, "1-questions")
    page.get_by_role("link", name="Estvany should lift its ban").click()
    page.wait_for_url(f"**/questions/{QUESTION_ID}")
    assert page.locator("[data-group=support] li.actor", has_text="Tomas Reyle").count() == 1
    assert page.locator("[data-group=oppose] li.actor", has_text="Katrin Vey").count() == 0  # she came round
    _shot(page, "2-question-map")

    # Before March Vey opposed the bill: the map of February says so.
    page.fill("input[name=from]", "2026-02-01")
    page.fill("input[name=to]", "2026-02-28")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**from=2026-02-01&to=2026-02-28**")
    vey = page.locator("li.actor", has_text="Katrin Vey")
    assert vey.count() == 1
    assert vey.locator("xpath=ancestor::div[@data-group]").get_attribute("data-group") in ("oppose", "conditional")
    dates = page.locator("table.statements td.date").all_inner_texts()
    assert dates and all("2026-02-01" <= d <= "2026-02-28" for d in dates)
    _shot(page, "3-question-february")

    page.locator("li.actor a", has_text="Katrin Vey").click()
    page.wait_for_url("**/actor?name=Katrin%20Vey")
    assert page.locator("ol.timeline li").count() >= 14
    _shot(page, "4-actor-timeline")

    # Open the evidence of Vey's first quote in the agency report: the statement and her name are marked.
    page.goto(f"{live_server}/questions/{QUESTION_ID}?from=2026-02-02&to=2026-02-02")
    page.locator("a.evidence", has_text="This is a bill for three mining companies").first.click()
    page.wait_for_url("**/articles/npa-2026-02-02-mining-ban?statement=*")
    content = page.locator("article.text mark.content.focus").all_inner_texts()
    speaker = page.locator("article.text mark.speaker.focus").all_inner_texts()
    assert "".join(content) == "This is a bill for three mining companies and nobody else"
    assert "".join(speaker) == "Katrin Vey"
    assert page.locator("aside li").count() == 15  # the gold's statements of this report
    _shot(page, "5-article-evidence")
    assert page.dialogs == []


def test_browser_hostile_article_runs_nothing(page: Any, live_server: str) -> None:
    visits = [
        f"/articles/{HOSTILE_KEY}",
        f"/articles/{HOSTILE_KEY}?statement=1",
        f"/questions/{QUESTION_ID}",
        f"/questions/{quote(HOSTILE_QUESTION, safe='')}",
        f"/questions/{QUESTION_ID}/actor?name={quote(HOSTILE_SPEAKER, safe='')}",
    ]
    for number, path in enumerate(visits):
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        assert page.dialogs == [], path
        assert page.evaluate("window.__pwned === undefined && (window.parent.__pwned === undefined)"), path
        # Our own network bundle is the only script (and sigma's canvases are no img/svg).
        hostile = "script:not([src='/static/network.js']), img, svg, iframe, a[href^='javascript:' i]"
        assert page.locator(hostile).count() == 0, path
        if number == 0:
            # The hostile markup is there, as text.
            assert "<script>window.__pwned = 'body'" in page.locator("article.text").inner_text()
            _shot(page, "6-hostile-article")
    page.goto(f"{live_server}/questions/{quote(HOSTILE_QUESTION, safe='')}")
    assert page.locator("h1").inner_text() == HOSTILE_QUESTION
    link = page.locator("a.evidence").first
    assert link.get_attribute("href", timeout=5000).startswith(f"/articles/{HOSTILE_KEY}?statement=")


def test_browser_correct_a_stance_and_see_the_map_change(page: Any, writable_server: str) -> None:
    page.goto(f"{writable_server}/questions/{QUESTION_ID}")
    assert page.locator("[data-group=support] li.actor", has_text="Korsa Minerals").count() == 1
    # Korsa Minerals' statements that the map counts: the wire story's and the Herald's own report (the wire
    # story's syndicated copy is listed as not counted). The analyst corrects both.
    korsa = page.locator("table.statements tr", has=page.locator("td:nth-child(2)", has_text="Korsa Minerals"))
    counted = korsa.filter(has_not_text="not counted")
    assert counted.count() == 2
    for i in range(2):
        row = korsa.filter(has_not_text="not counted").nth(i)
        row.locator("select[name=label]").select_option("oppose")
        row.get_by_role("button", name="Save").click()
        page.wait_for_load_state("load")
    assert page.locator("[data-group=oppose] li.actor", has_text="Korsa Minerals").count() == 1
    assert page.locator("[data-group=support] li.actor", has_text="Korsa Minerals").count() == 0
    corrected = korsa.filter(has_not_text="not counted")
    assert corrected.locator(".label-oppose").count() == 2
    assert corrected.locator("[title='set by a person']").count() == 2
    page.locator("[data-group=oppose] li.actor", has_text="Korsa Minerals").scroll_into_view_if_needed()
    _shot(page, "7-after-correction")
    assert page.dialogs == []


def test_browser_network_picture_renders(page: Any, live_server: str) -> None:
    errors: list[str] = []
    # Chromium's own request for /favicon.ico (the app has none) is not the page's error.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/questions/{QUESTION_ID}")
    canvas = page.locator("#network .network-canvas")
    canvas.scroll_into_view_if_needed()
    # The script marks the container once sigma has drawn the graph the JSON gave.
    page.wait_for_selector("#network .network-canvas[data-rendered]", timeout=15000)
    actors = int(canvas.get_attribute("data-rendered") or 0)
    assert actors == len(page.request.get(f"{live_server}/questions/{QUESTION_ID}/network.json").json()["nodes"]) > 10
    assert canvas.locator("canvas").count() >= 2  # sigma's WebGL layers and its label layer
    assert "congruence ties" in page.locator("#network .network-info").inner_text()
    # Something is drawn: the label layer is not blank.
    drawn = page.evaluate(
        """() => { const c = document.querySelector('#network canvas.sigma-labels');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""
    )
    assert drawn > 0
    # Pointing at an actor names it (sigma's hover).
    box = canvas.bounding_box()
    assert box is not None
    where = page.evaluate(
        """() => { const r = document.getElementById('network').sigma;
        return r.framedGraphToViewport(r.getNodeDisplayData('Tomas Reyle')); }"""
    )
    page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_function("document.querySelector('#network .network-info').textContent.startsWith('Tomas Reyle')")
    assert "Tomas Reyle: support, person" in page.locator("#network .network-info").inner_text()
    canvas.screenshot(path=str(_screenshots() / "8-network.png"))
    _shot(page, "8-question-with-network")
    page.select_option("select[name=network-kind]", "conflict")
    page.wait_for_function("document.querySelector('#network .network-info').textContent.includes('conflict ties')")
    canvas.screenshot(path=str(_screenshots() / "9-network-conflict.png"))
    assert errors == []


def _screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def test_browser_network_without_javascript_shows_a_note(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/questions/{QUESTION_ID}")
        assert "needs JavaScript" in page.locator("#network .network-info").inner_text()
        assert not page.locator("#network .network-canvas").is_visible()
        assert page.locator("[data-group=support] li.actor").count() > 0  # the rest of the page is all there
        page.locator("#network").screenshot(path=str(_screenshots() / "10-network-no-javascript.png"))
    finally:
        context.close()


def test_browser_reject_fix_a_speaker_merge_and_mark_a_shift(page: Any, writable_server: str) -> None:
    """The analyst's other corrections, each seen on the map: a rejected statement takes its actor off (and the
    undo puts it back), a fixed speaker and a merge move a statement between actors, and a shift marked on the
    timeline is listed among the actor's changes. A name typed with markup in it stays text."""
    question = f"{writable_server}/questions/{QUESTION_ID}"
    page.goto(question)

    def on_map(actor: str) -> int:
        return int(page.locator("section.map li.actor > a", has_text=actor).count())

    def row_of(speaker: str) -> Any:
        return page.locator("table.statements tr", has=page.locator("td:nth-child(2)", has_text=speaker)).first

    assert on_map("Blue Reach") == 1
    row_of("Blue Reach").locator("select[name=reason]").select_option("not a statement")
    row_of("Blue Reach").get_by_role("button", name="Reject").click()
    page.wait_for_load_state("load")
    assert on_map("Blue Reach") == 0
    assert "Rejected: not a statement · browser-test" in row_of("Blue Reach").inner_text()
    row_of("Blue Reach").scroll_into_view_if_needed()
    _shot(page, "8-rejected")
    row_of("Blue Reach").get_by_role("button", name="Undo rejection").click()
    page.wait_for_load_state("load")
    assert on_map("Blue Reach") == 1

    erik = row_of("Erik")
    erik.locator("summary", has_text="fix speaker").click()
    erik.locator("input[name=speaker]").fill("Erik Haug")
    erik.get_by_role("button", name="Set speaker").click()
    page.wait_for_load_state("load")
    assert on_map("Erik Haug") == 1
    assert page.locator("section.map li.actor > a", has_text=re.compile("^Erik$")).count() == 0

    merge = page.locator("form.merge")
    merge.locator("input[name=merged]").fill("Erik Haug")
    merge.locator("input[name=into]").fill("Jonas Brekk")
    merge.get_by_role("button", name="Merge").click()
    page.wait_for_load_state("load")
    assert on_map("Erik Haug") == 0 and on_map("Jonas Brekk") == 1

    hostile = row_of("Ove Brandt")
    hostile.locator("summary", has_text="fix speaker").click()
    hostile.locator("input[name=speaker]").fill(HOSTILE_SPEAKER)
    hostile.get_by_role("button", name="Set speaker").click()
    page.wait_for_load_state("load")
    assert page.locator("section.map li.actor > a", has_text=HOSTILE_SPEAKER).count() == 1
    assert page.evaluate("window.__pwned") is None and page.locator("svg[onload]").count() == 0

    def lind_changes() -> int:
        found = re.search(r"(\d+) changes?", page.locator("section.map li.actor", has_text="Halvard Lind").inner_text())
        return int(found.group(1)) if found else 0

    before = lind_changes()
    page.goto(f"{question}/actor?name={quote('Halvard Lind')}")
    page.locator("summary", has_text="Mark a shift").click()
    form = page.locator("form.mark-shift")
    form.locator("input[name=date]").fill("2026-02-20")
    form.locator("select[name=shift_from]").select_option("oppose")
    form.locator("select[name=shift_to]").select_option("support")
    form.get_by_role("button", name="Mark shift").click()
    page.wait_for_load_state("load")
    assert "2026-02-20: oppose → support (marked by hand)" in page.locator("ul.changes").inner_text()
    assert "marked by browser-test" in page.locator("ul.marked-shifts").inner_text()
    _shot(page, "9-marked-shift")
    page.goto(question)
    assert lind_changes() == before + 1
    assert page.dialogs == []
