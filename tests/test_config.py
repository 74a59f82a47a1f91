from pathlib import Path

import pytest

from stancemap.config import Settings, load_settings
from stancemap.errors import InputError


def test_config_defaults_when_nothing_is_set():
    assert load_settings(environ={}) == Settings()


def test_config_file_then_environment_override(tmp_path: Path):
    cfg = tmp_path / "s.toml"
    cfg.write_text('db = "from-file.db"\nbatch_size = 7\n')
    s = load_settings(cfg, environ={"STANCEMAP_DB": "from-env.db"})
    assert s.db == "from-env.db"
    assert s.batch_size == 7


@pytest.mark.parametrize(
    "content, reason",
    [
        ("nonsense = 1\n", "unknown setting"),
        ("batch_size = 'many'\n", "bad value"),
        ("db = [\n", "cannot read"),
    ],
)
def test_config_bad_file_names_file_and_reason(tmp_path: Path, content: str, reason: str):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(InputError) as e:
        load_settings(cfg, environ={})
    assert str(cfg) in str(e.value) and reason in str(e.value)
