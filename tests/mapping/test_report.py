"""The HTML report: the example corpus's gold map in it, section by section, its pictures, and untrusted text."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from gold_map import GOLD, QUESTION_ID, gold_records, gold_stanced
from lxml import html

from stancemap.examples import QUESTION
from stancemap.mapping.positions import positions
from stancemap.mapping.report import report_html
from stancemap.mapping.statements import StancedStatement
from stancemap.records import Question, Span, Stance, Statement
from stancemap.stance.questions import load_question
from stancemap.store import open_store
from stancemap.store.stances import add_stanced


def _report(as_of: str | None = None) -> html.HtmlElement:
    question = load_question(QUESTION)
    items = gold_stanced()
    return html.fromstring(report_html(question, positions(items, QUESTION_ID, as_of=as_of), items, as_of))


def _rows(doc: html.HtmlElement) -> dict[str, tuple[str, str, str, str]]:
    """actor -> (section stance, statements, first, last) as the stance table shows them."""
    found = {}
    for row in doc.xpath("//section[@class='stance-section']//tr[@class='position']"):
        section = row.xpath("ancestor::section[@class='stance-section']")[0].get("data-stance")
        cells = [row.xpath(f"td[contains(@class, '{name}')]")[0].text_content() for name in ("statements", "first")]
        last = row.xpath("td[@class='last']")[0].text_content()
        found[row.get("data-actor")] = (section, cells[0], cells[1], last)
    return found


@pytest.fixture(scope="module")
def report() -> html.HtmlElement:
    return _report()


def test_report_stance_table_is_the_gold_map_section_by_section(report: html.HtmlElement) -> None:
    expected = {a["actor"]: (a["stance"], str(a["statements"]), a["first"], a["last"]) for a in GOLD["actors"]}
    assert _rows(report) == expected
    assert report.xpath("//section[@data-stance='mixed']//p[@class='empty']")
    holm = report.xpath("//tr[@data-actor='Petra Holm']/td[@class='actor']")[0].text_content()
    assert holm == "Petra Holmconditional"
    vey_changes = report.xpath("//tr[@data-actor='Katrin Vey']/td[@class='changes']")[0].text_content()
    assert vey_changes.strip() == "oppose → support 2026-03-09"
    header = report.xpath("//p[@class='meta']")[0].text_content()
    assert "30 actors" in header and "2026-02-02 to 2026-03-13" in header


def test_report_draws_a_timeline_per_actor_with_its_marks_and_changes(report: html.HtmlElement) -> None:
    rows = report.xpath("//tr[@class='timeline']")
    assert [r.get("data-actor") for r in rows] == [a["actor"] for a in GOLD["actors"]]
    undated = Counter(i.actor for i in gold_stanced() if i.statement.date is None)
    assert sum(undated.values()) == 3
    for row, actor in zip(rows, GOLD["actors"], strict=True):
        svgs = row.xpath(".//svg[@class='timeline']")
        assert len(svgs) == 1
        # a mark per counted statement that has a date; the undated ones are named beside the actor
        marks = svgs[0].xpath(".//circle[starts-with(@class, 'mark')]")
        assert len(marks) == actor["statements"] - undated[actor["actor"]]
        note = row.xpath(".//span[@class='undated']")
        assert [n.text for n in note] == ([f"+{undated[actor['actor']]} undated"] if undated[actor["actor"]] else [])
        assert len(svgs[0].xpath(".//g[@class='change']")) == len(actor["changes"])
    vey = report.xpath("//tr[@data-actor='Katrin Vey']//svg")[0]
    labels = {c.get("class") for c in vey.xpath(".//circle")}
    assert {"mark oppose", "mark support", "mark neutral"} <= labels
    assert "2026-03-09: oppose → support (observed)" in vey.xpath(".//g[@class='change']/title")[0].text
    assert report.xpath("//svg[@class='axis']//text")[0].text == "02 Feb"


def test_report_network_has_a_node_per_actor_coloured_by_stance(report: html.HtmlElement) -> None:
    (network,) = report.xpath("//svg[@class='network']")
    nodes = {g.get("data-actor"): g.get("data-stance") for g in network.xpath(".//g[@class='node']")}
    assert nodes == {a["actor"]: a["stance"] for a in GOLD["actors"]}
    ties = network.xpath(".//line[@class='tie']")
    assert ties and all(t.xpath("title") for t in ties)
    # Mara Quist never took a side: no tie, so she stands in the bottom row.
    quist = network.xpath(".//g[@data-actor='Mara Quist']/circle")[0]
    assert float(quist.get("cy")) > max(float(t.get("y1")) for t in ties)


def test_report_evidence_is_quoted_per_actor(report: html.HtmlElement) -> None:
    found = positions(gold_stanced(), QUESTION_ID)
    for p in found:
        (block,) = report.xpath(f"//div[@class='actor-evidence'][@data-actor={json.dumps(p.actor)}]")
        assert [q.text for q in block.xpath("blockquote")] == [e.content for e in p.evidence]
    copied = [(p.actor, e) for p in found for e in p.evidence if e.sources]
    assert copied
    for actor, e in copied:
        sources = report.xpath(f"//div[@data-actor={json.dumps(actor)}]//div[@class='source']")
        shown = [s.text_content() for s in sources if e.article in s.text_content()]
        assert shown and all(f"also in {', '.join(e.sources)}" in line for line in shown)


def test_report_as_of_a_date_leaves_out_later_statements() -> None:
    early = _report(as_of="2026-02-20")
    rows = _rows(early)
    assert "more than 120 marine scientists" not in rows
    assert rows["Katrin Vey"][0] == "oppose"
    assert all(last <= "2026-02-20" for _, _, _, last in rows.values())
    assert "as of 2026-02-20" in early.xpath("//p[@class='meta']")[0].text_content()
    assert len(early.xpath("//svg[@class='timeline']")) == len(rows)


def test_report_is_self_contained(report: html.HtmlElement) -> None:
    assert not report.xpath("//script | //link | //img | //iframe | //@src | //@href")
    assert report.xpath("//head/style")


HOSTILE_NAME = '<script>alert("name")</script>'
HOSTILE_TEXT = '"><img src=x onerror=alert(1)> and <script>alert(2)</script>'


def test_report_shows_untrusted_names_and_text_literally() -> None:
    def said(speaker: str, label: str, day: str, n: int) -> StancedStatement:
        statement = Statement(
            article=f'a{n}"><svg onload=alert(3)>',
            content=Span(HOSTILE_TEXT, 0, len(HOSTILE_TEXT)),
            kind="direct",
            speaker=speaker,
            speaker_kind="person",
            date=day,
        )
        return StancedStatement(statement, Stance(label, 0.9), statement.article, n)

    items = [said(HOSTILE_NAME, "oppose", "2026-01-05", 0), said(HOSTILE_NAME, "support", "2026-01-09", 1)]
    items.append(said("A. N. Other' onmouseover='x", "support", "2026-01-09", 2))
    question = Question("q<b>", '<i onclick="x">Should we?</i>')
    page = report_html(question, positions(items, question.id), items)
    doc = html.fromstring(page)
    assert not doc.xpath("//script | //img | //i | //b | //@*[starts-with(name(), 'on')]")
    assert len(doc.xpath("//svg")) == 4  # axis, two timelines, network: no injected one
    text = doc.text_content()
    assert HOSTILE_NAME in text and HOSTILE_TEXT in text and '<i onclick="x">Should we?</i>' in text
    assert doc.xpath("//tr[@class='position']/@data-actor") == [HOSTILE_NAME, "A. N. Other' onmouseover='x"]
    assert HOSTILE_NAME in {g.get("data-actor") for g in doc.xpath("//svg[@class='network']/g")}
    assert "support → oppose" not in text and "oppose → support" in text


def _stancemap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stancemap", *args], capture_output=True, text=True, timeout=120)


def test_report_cli_writes_the_same_report_from_a_file_and_the_store(tmp_path: Path) -> None:
    statements = tmp_path / "stanced.jsonl"
    statements.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold_records()), "utf-8")
    db = tmp_path / "map.db"
    with open_store(db) as store:
        add_stanced(store, gold_stanced(), QUESTION_ID)
    from_file, from_store = tmp_path / "file.html", tmp_path / "store.html"
    done = _stancemap("report", "--question", str(QUESTION), "--statements", str(statements), "-o", str(from_file))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"wrote {from_file} (30 actors)"
    done = _stancemap("report", "--question", str(QUESTION), "--db", str(db), "--output", str(from_store))
    assert done.returncode == 0, done.stderr
    expected = {a["actor"]: (a["stance"], str(a["statements"]), a["first"], a["last"]) for a in GOLD["actors"]}
    assert _rows(html.parse(str(from_file)).getroot()) == expected
    assert _rows(html.parse(str(from_store)).getroot()) == expected


def test_report_cli_bad_question_file_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "q.toml"
    bad.write_text('id = "x"\ntext = \n', encoding="utf-8")
    statements = tmp_path / "none.jsonl"
    statements.write_text("", encoding="utf-8")
    done = _stancemap("report", "--question", str(bad), "--statements", str(statements), "-o", str(tmp_path / "r"))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and str(bad) in done.stderr
    assert not (tmp_path / "r").exists()
