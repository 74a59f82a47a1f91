"""Settings, built once: shipped defaults, then the user's TOML file, then the environment.

Nothing else in stancemap reads `os.environ`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from stancemap.errors import InputError

ENV_PREFIX = "STANCEMAP_"


@dataclass(frozen=True, slots=True)
class Settings:
    # Where the read-only project data lives (treebanks, gold sets); only benchmarks and training need it.
    shared: Path = Path("../shared")
    # The store used when --db is not given: an SQLite file, or a postgresql:// URL.
    db: str = "stancemap.db"
    # Cap on the bytes one compressed input may expand to: a gzip bomb stops here with an error.
    max_decompressed_bytes: int = 2 * 1024**3
    # Cap on one single-document input (.txt, .html, one JSONL line, one WARC record): larger ones are refused.
    max_document_bytes: int = 50 * 1024**2
    # Documents written to the store per transaction.
    batch_size: int = 200
    # Jaccard similarity above which two articles are copies of one story.
    duplicate_threshold: float = 0.8


def _coerce(name: str, value: Any, origin: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "Path":
            return Path(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError) as e:
        raise InputError(f"setting {name!r} has a bad value {value!r}", origin) from e


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, overlaid by `config_file` (TOML, keys as in Settings), overlaid by STANCEMAP_* variables."""
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    if config_file is not None:
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise InputError(f"cannot read settings: {e}", config_file) from e
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown setting(s): {', '.join(unknown)}", config_file)
        settings = replace(settings, **{k: _coerce(k, v, str(config_file)) for k, v in data.items()})
    env = os.environ if environ is None else environ
    overrides = {
        name: _coerce(name, env[ENV_PREFIX + name.upper()], ENV_PREFIX + name.upper())
        for name in known
        if ENV_PREFIX + name.upper() in env
    }
    return replace(settings, **overrides)
