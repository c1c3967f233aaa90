from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError, Problem
from kg.yaml_input import read_document


def write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "a.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def test_values_keep_their_positions_and_dates_stay_text(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "a:\n  - date: 2026-01-06\n    n: 3\n"), "a.yaml")
    assert document.data == {"a": [{"date": "2026-01-06", "n": 3}]}
    assert document.where(("a", 0, "n")) == (3, 8)
    assert document.where(("a", 0, "n"), key=True) == (3, 5)
    assert document.where(("a", 0, "missing")) == (2, 5), "an absent key falls back to its mapping"


def test_duplicate_keys_are_errors_with_both_places(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_document(write(tmp_path, "id: a\nkind: x\nid: b\n"), "a.yaml")
    assert error.value.problems == [
        Problem("a.yaml", 3, 1, "duplicate key 'id' (first given at line 1, column 1)", "give each key once")
    ]


def test_malformed_yaml_points_at_the_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_document(write(tmp_path, "a: [1, 2\nb: 3\n"), "a.yaml")
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == ("a.yaml", 2)
    assert problem.message.startswith("malformed YAML: ")


def test_text_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(InputError) as error:
        read_document(file, "a.yaml")
    assert str(error.value) == "a.yaml:2:1: file is not valid UTF-8 text"


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(InputError) as error:
        read_document(write(tmp_path, "\n".join(lines) + "\n"), "a.yaml")
    first = error.value.problems[0]
    assert (first.line, first.message) == (1, "anchors and aliases (&, *) are not allowed")
    assert len(error.value.problems) < 100, "each alias is reported once, never expanded"


def test_tags_that_would_build_objects_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_document(write(tmp_path, "a: !!python/object:os.system {}\n"), "a.yaml")
    assert (
        str(error.value)
        == "a.yaml:1:4: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed — plain data only"
    )


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"a.yaml:1:1: file is 2,000,011 bytes \(expected at most 2,000,000\)"):
        read_document(write(tmp_path, "a: " + "x" * 2_000_008), "a.yaml")


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nested too deeply|malformed YAML"):
        read_document(write(tmp_path, "[" * 5000 + "]" * 5000), "a.yaml")


def test_control_characters_in_text_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_document(write(tmp_path, 'a: "form\\ffeed"\n'), "a.yaml")
    assert str(error.value) == "a.yaml:1:4: control character U+000C in text — remove it"
