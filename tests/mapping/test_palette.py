"""One stance palette: the web page's stylesheet and network picture and the HTML report colour stances alike."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from fastapi.testclient import TestClient
from gold_map import QUESTION_ID, gold_stanced

from stancemap.examples import QUESTION
from stancemap.mapping.palette import STANCE_COLOURS, css_variables
from stancemap.mapping.positions import positions
from stancemap.mapping.report import report_html
from stancemap.stance.questions import load_question
from stancemap.store import open_store
from stancemap.store.stances import add_stanced
from stancemap.web.app import create_app

STANCE_PROPERTY = re.compile(r"--(support|oppose|neutral|mixed|conditional)\s*:\s*([^;]+);")


def test_palette_is_what_the_web_page_serves(tmp_path: Path) -> None:
    with open_store(tmp_path / "map.db") as store:
        add_stanced(store, gold_stanced(), QUESTION_ID)
    served = TestClient(create_app(tmp_path / "map.db")).get("/static/style.css")
    assert served.status_code == 200
    assert dict(STANCE_PROPERTY.findall(served.text)) == dict(STANCE_COLOURS)
    # The stylesheet itself defines no stance colour of its own, and uses none the palette lacks.
    sheet = files("stancemap.web").joinpath("static", "style.css").read_text(encoding="utf-8")
    assert STANCE_PROPERTY.findall(sheet) == []
    used = set(re.findall(r"var\(--(support|oppose|neutral|mixed|conditional|[a-z-]+)\)", sheet))
    assert used & {"support", "oppose", "neutral", "mixed", "conditional"} <= STANCE_COLOURS.keys()
    assert served.text.startswith(css_variables())


def test_palette_is_what_the_network_picture_reads() -> None:
    """The bundled network script colours nodes from the page's --stance properties, for every stance."""
    bundle = files("stancemap.web").joinpath("static", "network.js").read_text(encoding="utf-8")
    listed = re.search(r'\["support","oppose"[^\]]*\]', bundle)
    assert listed is not None and set(re.findall(r'"(\w+)"', listed.group())) == set(STANCE_COLOURS)
    assert "getPropertyValue(`--${" in bundle


def test_palette_is_what_the_report_draws_with() -> None:
    question = load_question(QUESTION)
    found = positions(gold_stanced(), QUESTION_ID)
    page = report_html(question, found, gold_stanced())
    legend = dict(
        (label, colour)
        for colour, label in re.findall(
            r'<span class="swatch" style="background: (#[0-9a-f]{6})"></span>(\w+)</span>', page
        )
    )
    assert legend == {s: STANCE_COLOURS[s] for s in ("support", "oppose", "neutral", "mixed")}
    marks = re.findall(r'<circle class="mark (\w+)"[^>]*stroke="(#[0-9a-f]{6})"', page)
    assert {label for label, _ in marks} == {"support", "oppose", "neutral"}
    assert all(colour == STANCE_COLOURS[label] for label, colour in marks)
    badges = re.findall(r'<span class="badge" style="background: (#[0-9a-f]{6})">(\w+)</span>', page)
    assert badges and all(colour == STANCE_COLOURS[label.lower()] for colour, label in badges)
    # No colour in the report's stance elements comes from anywhere but the palette.
    stance_colours = {c for _, c in marks} | set(legend.values()) | {c for c, _ in badges}
    assert stance_colours <= set(STANCE_COLOURS.values())
