"""A new question in a real browser: defined on the page, judged by a real `stancemap serve` while the page follows
its progress, then its map. Screenshots go to tests/web/screenshots/ like the other browser tests'."""

from __future__ import annotations

from typing import Any

import pytest
from seed import QUESTION_ID, SCREENSHOTS

from stancemap.examples import QUESTION
from stancemap.stance.questions import load_question

pytestmark = pytest.mark.slow

EXAMPLE = load_question(QUESTION)
HOSTILE_TEXT = (
    "Should the <img src=x onerror=\"window.__pwned='judging'\"> harbour <script>window.__pwned=1</script> ban stay?"
)


def test_browser_judging_run_a_new_question_and_see_its_map(browser: Any, writable_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        page.goto(writable_server + "/")
        page.get_by_role("link", name="Define a new question").click()
        page.wait_for_url("**/judging")

        # An id the store has judged already is refused, with the values kept for a second try.
        page.fill("input[name=id]", QUESTION_ID)
        page.fill("textarea[name=text]", EXAMPLE.text)
        page.fill("input[name=keywords]", ", ".join(EXAMPLE.keywords))
        page.get_by_role("button", name="Judge the stored statements").click()
        alert = page.get_by_role("alert")
        assert "is already judged in this store" in alert.inner_text()
        assert page.input_value("textarea[name=text]") == EXAMPLE.text
        page.screenshot(path=str(SCREENSHOTS / "judging-1-refused.png"))

        page.fill("input[name=id]", "estvany-ban-again")
        page.get_by_role("button", name="Judge the stored statements").click()
        # The progress page polls the status and opens the map when the judging is done.
        page.wait_for_url("**/questions/estvany-ban-again", timeout=120_000)
        assert page.locator("h1").first.inner_text() == EXAMPLE.text
        assert page.locator("[data-group=support] li.actor").count() >= 1
        assert page.locator("[data-group=oppose] li.actor").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "judging-2-map.png"))

        # Hostile text in the question runs nothing, on the progress page or the map.
        page.goto(writable_server + "/judging")
        page.fill("input[name=id]", "hostile-text")
        page.fill("textarea[name=text]", HOSTILE_TEXT)
        page.get_by_role("button", name="Judge the stored statements").click()
        page.wait_for_url("**/questions/hostile-text", timeout=120_000)
        assert page.locator("h1").first.inner_text() == HOSTILE_TEXT
        assert page.evaluate("window.__pwned") is None and not dialogs
        page.screenshot(path=str(SCREENSHOTS / "judging-3-hostile.png"))
    finally:
        context.close()
