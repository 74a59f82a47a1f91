"""ruff and mypy are part of the test command, so a lint or typing error turns CI red."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize(
    "tool, args",
    [
        ("ruff", ["check", "src", "tests", "training", "bench"]),
        ("ruff", ["format", "--check", "src", "tests", "training", "bench"]),
        ("mypy", []),
    ],
)
def test_quality_tool_is_clean(tool: str, args: list[str]):
    exe = shutil.which(tool) or shutil.which(tool, path=str(ROOT / ".ci-venv" / "bin"))
    if exe is None:
        # Installed by the `test` extra: a missing tool is a broken install, not a reason to skip.
        pytest.fail(f"{tool} not found on PATH next to {sys.executable}")
    result = subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
