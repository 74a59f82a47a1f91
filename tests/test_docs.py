"""Every command and every setting has a docs heading (STYLE habit 10): undocumented features fail CI."""

from __future__ import annotations

import re
from dataclasses import fields

import typer.main

from conftest import ROOT
from stancemap.cli import app
from stancemap.config import Settings

DOCS = ROOT / "docs"


def _headings() -> set[str]:
    found = set()
    for page in DOCS.rglob("*.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                found.add(re.sub(r"[`*]", "", line.lstrip("#")).strip().lower())
    return found


def _command_names() -> list[str]:
    group = typer.main.get_group(app)
    names = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {s}" for s in sub) if sub else names.append(name)
    return sorted(names)


def test_docs_every_command_has_a_heading():
    headings = _headings()
    missing = [n for n in _command_names() if not any(h.startswith(f"stancemap {n}") for h in headings)]
    assert not missing, f"commands without a docs heading 'stancemap <name>': {missing}"


def test_docs_every_setting_has_a_heading():
    headings = _headings()
    missing = [f.name for f in fields(Settings) if f.name not in headings]
    assert not missing, f"settings without a heading in docs/config.md: {missing}"
