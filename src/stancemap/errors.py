"""The error tree. The CLI turns each into one line and an exit code (CONTRACT: 1 work failed, 2 bad input)."""

from __future__ import annotations

from pathlib import Path


class StancemapError(Exception):
    """Base of every error stancemap raises on purpose."""

    exit_code = 1

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class InputError(StancemapError):
    """The input cannot be read or understood: an unreadable file, a bad format, a bad option."""

    exit_code = 2


class ProcessingError(StancemapError):
    """The work itself failed (store unavailable, model missing)."""

    exit_code = 1
