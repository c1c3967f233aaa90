"""Each bad-input fixture beside its exact expected error text (``expected.txt``).

A fixture folder holds files that replace those of the valid ``fixtures/mini`` corpus.
Regenerate the expected texts with ``pytest tests/test_bad_input.py --update-golden``
and read the diff: every message must say what is wrong, where, and what was expected.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import Golden

from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
BAD = sorted(p.name for p in (FIXTURES / "bad").iterdir())


@pytest.fixture
def ontology_dir() -> Path:
    return Path(os.environ.get("KG_ONTOLOGY", Path(__file__).parent.parent / "ontology"))


def corpus_with(tmp_path: Path, overlay: Path | None) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "mini", seeds)
    if overlay is not None:
        for file in overlay.rglob("*"):
            if file.is_file() and file.name != "expected.txt":
                shutil.copy(file, seeds / file.relative_to(overlay))
    return seeds


def run_validate(tmp_path: Path, ontology: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["validate", "--seeds", "seeds", "--ontology", str(ontology)])
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().err


def test_the_unbroken_fixture_is_valid(tmp_path: Path, ontology_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus_with(tmp_path, None)
    code, err = run_validate(tmp_path, ontology_dir, capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("name", BAD)
def test_bad_input_gives_its_exact_errors(
    name: str, tmp_path: Path, ontology_dir: Path, capsys: pytest.CaptureFixture[str], golden: Golden
) -> None:
    fixture = FIXTURES / "bad" / name
    corpus_with(tmp_path, fixture)
    code, err = run_validate(tmp_path, ontology_dir, capsys)
    assert code == 1
    golden.text(fixture / "expected.txt", err)
    *problems, last = err.splitlines()
    assert problems, "at least one problem is reported"
    assert all(line.startswith("seeds/") for line in problems), "every problem names its file:line:column"
    assert last.endswith("nothing written")


def test_a_value_spanning_lines_is_echoed_on_one_line(
    tmp_path: Path, ontology_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: fuzzing found a multi-line quoted value copied into a message verbatim."""
    seeds = corpus_with(tmp_path, None)
    annotation = seeds / "mini.yaml"
    annotation.write_text(annotation.read_text().replace("  - actor: testenko\n", "  - actor: 'testenko\n\n    x'\n"))
    code, err = run_validate(tmp_path, ontology_dir, capsys)
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("seeds/mini.yaml:14:12: 'testenko\\nx' is not valid here (expected an id of lowercase")
