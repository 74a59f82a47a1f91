"""Question files: good ones load, bad ones give one InputError naming the file and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.errors import InputError
from stancemap.stance.questions import load_question, load_questions


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_questions_load_with_keywords(tmp_path):
    path = _write(
        tmp_path, "q.toml", 'id = "strikes"\ntext = "Ukraine should be allowed to strike."\nkeywords = ["strike"]\n'
    )
    question = load_question(path)
    assert (question.id, question.text, question.keywords) == (
        "strikes",
        "Ukraine should be allowed to strike.",
        ("strike",),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('id = "x"\ntext = "unterminated\n', "not valid TOML"),
        ('text = "A should win."\n', "field 'id' is missing"),
        ('id = "x"\n', "field 'text' is missing"),
        ('id = 3\ntext = "A should win."\n', "field 'id' must be a string, not int"),
        ('id = "x"\ntext = ["A"]\n', "field 'text' must be a string, not list"),
        ('id = "x"\ntext = "  "\n', "field 'text' is empty"),
        ('id = "x y"\ntext = "A should win."\n', "may only hold"),
        ('id = "x"\ntext = "A should win."\nkeywords = "war"\n', "'keywords' must be a list"),
        ('id = "x"\ntext = "A should win."\nkeyword = ["war"]\n', "unknown field(s) keyword"),
    ],
)
def test_questions_bad_file_names_file_and_reason(tmp_path, content, reason):
    path = _write(tmp_path, "bad.toml", content)
    with pytest.raises(InputError) as caught:
        load_question(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_questions_missing_and_binary_files(tmp_path):
    with pytest.raises(InputError, match="question file not found"):
        load_question(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="not UTF-8"):
        load_question(_write(tmp_path, "bin.toml", b"\xff\xfe\x00id"))


def test_questions_duplicate_ids_name_both_files(tmp_path):
    first = _write(tmp_path, "a.toml", 'id = "same"\ntext = "A should win."\n')
    second = _write(tmp_path, "b.toml", 'id = "same"\ntext = "B should win."\n')
    with pytest.raises(InputError) as caught:
        load_questions([first, second])
    assert str(caught.value).startswith(str(second)) and str(first) in str(caught.value)
