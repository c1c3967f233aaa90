from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError, Problem
from kg.load import read_document


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
