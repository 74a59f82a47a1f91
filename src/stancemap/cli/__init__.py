"""The `stancemap` command. Thin: parse, call the library, write JSON to stdout and one-line errors to stderr."""

from __future__ import annotations

import sys

from stancemap.cli import clean as clean_command  # noqa: F401 - registers `stancemap clean`
from stancemap.cli import demo as demo_command  # noqa: F401 - registers `stancemap demo`
from stancemap.cli import eval as eval_command  # noqa: F401 - registers `stancemap eval`
from stancemap.cli import export as export_command  # noqa: F401 - registers `stancemap export`
from stancemap.cli import extract as extract_command  # noqa: F401 - registers `stancemap extract`
from stancemap.cli import ingest as ingest_command  # noqa: F401 - registers `stancemap ingest`
from stancemap.cli import label as label_command  # noqa: F401 - registers `stancemap label`
from stancemap.cli import map as map_command  # noqa: F401 - registers `stancemap map`
from stancemap.cli import report as report_command  # noqa: F401 - registers `stancemap report`
from stancemap.cli import run as run_command  # noqa: F401 - registers `stancemap run`
from stancemap.cli import serve as serve_command  # noqa: F401 - registers `stancemap serve`
from stancemap.cli import stance as stance_command  # noqa: F401 - registers `stancemap stance`
from stancemap.cli import suggest as suggest_command  # noqa: F401 - registers `stancemap suggest`
from stancemap.cli.app import app, error, state
from stancemap.errors import StancemapError


def main() -> None:
    """Entry point: a StancemapError becomes one line and its exit code, never a traceback (unless --debug)."""
    try:
        app()
    except StancemapError as e:
        if state.debug:
            raise
        error(str(e))
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # `stancemap clean x | head` closes stdout early; that is not a failure of ours.
        sys.exit(0)


__all__ = ["app", "main"]
