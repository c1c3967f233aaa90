"""``kg lint``: warnings that are facts about valid input, one per line, sorted, with exit codes.

The expected outputs are regenerated with ``KG_UPDATE_GOLDEN=1 pytest tests/test_lint.py``;
read their diff: every warning must be true of the input it names.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from support import ROOT

from kg.cli import main
from kg.corpus import read_corpus
from kg.lint import lint

FIXTURE = Path("tests/fixtures/lint/seeds")  # relative, as a user types it: the paths in the output are too
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"


def run_lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["lint", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def golden(path: Path, actual: str) -> str:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def at_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def copy_of_fixture(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / FIXTURE, seeds)
    return seeds


def test_the_crafted_fixture_gives_one_warning_of_each_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_lint(["--seeds", str(FIXTURE)], capsys)
    assert (code, err) == (0, "")
    assert out == golden(ROOT / FIXTURE.parent / "expected.txt", out)
    assert out.endswith("\n12 warnings\n")


def test_warnings_are_sorted_by_place_and_name_it(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_lint(["--seeds", str(FIXTURE)], capsys)
    lines = out.splitlines()[:-1]
    places = [(p, int(line), int(column)) for p, line, column, *_ in (x.split(":", 3) for x in lines)]
    assert places == sorted(places)
    assert all(": warning: " in line for line in lines)


def test_strict_makes_any_warning_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_lint(["--seeds", str(FIXTURE), "--strict"], capsys)
    assert code == 1 and out.endswith("\n12 warnings (--strict: failing)\n")


def test_files_given_show_only_their_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    places = str(FIXTURE / "registry" / "places.yaml")
    code, out, _ = run_lint(["--seeds", str(FIXTURE), "--strict", places], capsys)
    assert (code, out) == (
        1,
        f"{places}:2:5: warning: place 'lviv' has no uk label, though an article in uk names it\n"
        "1 warning (--strict: failing)\n",
    )


def test_strict_passes_a_corpus_without_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path("tests/fixtures/mini"), seeds)
    for name in ("actors", "places"):
        registry = seeds / "registry" / f"{name}.yaml"
        text = registry.read_text(encoding="utf-8")
        registry.write_text(re.sub(r"(\n    label: .*)", r"\1\n    wikidata: Q1", text), encoding="utf-8")
    assert run_lint(["--seeds", str(seeds), "--strict"], capsys) == (0, "0 warnings\n", "")


def test_an_explicit_empty_via_says_the_claim_was_told_directly(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    relay = "claim 'pryklad-meeting-went-well' has no relay chain"
    assert not [w for w in lint(seeds) if w.message.startswith(relay)]
    note = seeds / "lint.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("    via: []\n", ""), encoding="utf-8")
    assert [w.line for w in lint(seeds) if w.message.startswith(relay)] == [79]


def test_a_flagged_date_conflict_is_not_warned_again(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    note = seeds / "lint.yaml"
    flag = (
        "  date_conflicts:\n    - id: april\n      description: The April meeting cannot be of 2026.\n"
        "      events: [april-meeting]\n      quote: 22 квітня пройшла\n"
    )
    note.write_text(
        note.read_text(encoding="utf-8").replace("  cites: [test-agency]\n", f"  cites: [test-agency]\n{flag}")
    )
    assert not [w for w in lint(seeds) if "'april-meeting' is dated" in w.message]
    assert [w for w in lint(seeds) if "'phone-call' is dated" in w.message]


def test_lint_on_invalid_input_reports_the_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = copy_of_fixture(tmp_path)
    note = seeds / "lint.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("certainty: certain", "certainty: sure", 1))
    code, out, err = run_lint(["--seeds", str(seeds)], capsys)
    assert (code, out) == (1, "")
    assert f"{seeds}/lint.yaml:78:16: 'sure' is not allowed here" in err


def test_the_seeds_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_lint([], capsys)
    assert code == 0
    assert out == golden(ROOT / "tests" / "golden" / "lint-seeds.txt", out)


def test_the_seeds_warnings_are_true() -> None:
    """Cross-check the warnings on the seeds against the corpus itself."""
    corpus = read_corpus(ROOT / "seeds")
    warnings = lint(ROOT / "seeds")
    without_wikidata = {e.id for e in (*corpus.registry.actors, *corpus.registry.places) if e.wikidata is None}
    warned = {w.message.split("'")[1] for w in warnings if w.message.endswith("has no Wikidata id")}
    assert warned == without_wikidata and len(warned) == 23
    undated = {
        e.id
        for a in corpus.articles
        for e in a.annotation.events
        if e.kind != "decision" and e.kind != "suspension" and e.date is None
    }
    warned = {w.message.split("'")[1] for w in warnings if " has no date" in w.message}
    assert warned == undated
    for warning in warnings:
        if "has no relay chain" in warning.message:
            claim_id = warning.message.split("'")[1]
            claim = next(c for a in corpus.articles for c in a.annotation.claims if c.id == claim_id)
            assert claim.via == [], claim_id
