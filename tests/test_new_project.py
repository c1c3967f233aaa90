"""``kg init DIR``: a new, empty annotation project that ``kg new``, ``validate`` and ``build`` work in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import ROOT

from kg import json_schema
from kg.cli import main
from kg.new_project import PROJECT_GITIGNORE

MINI = ROOT / "tests" / "fixtures" / "mini"
PROJECT = [
    ".gitignore", "README.md", "schema/annotation.schema.json", "schema/registry.schema.json",
    "seeds/registry/actors.yaml", "seeds/registry/places.yaml", "seeds/registry/topics.yaml",
]


def add_article(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What an annotator does: the text in seeds/, ``kg new`` on it, then the annotation and
    registry entries filled in (the made-up mini article's), keeping each file's schema line."""
    shutil.copy(MINI / "mini.txt", project / "seeds" / "001_mini.txt")
    assert main(["new", "seeds/001_mini.txt"]) == 0
    capsys.readouterr()
    annotation = project / "seeds" / "001_mini.yaml"
    line = annotation.read_text(encoding="utf-8").split("\n")[0]
    assert line == "# yaml-language-server: $schema=../schema/annotation.schema.json"
    annotation.write_text(f"{line}\n{(MINI / 'mini.yaml').read_text(encoding='utf-8')}", encoding="utf-8")
    for name in ("actors", "places", "topics"):
        registry = project / "seeds" / "registry" / f"{name}.yaml"
        head = registry.read_text(encoding="utf-8").split("\n")[0]
        registry.write_text(f"{head}\n{(MINI / 'registry' / f'{name}.yaml').read_text(encoding='utf-8')}", "utf-8")


@pytest.fixture
def in_tmp(tmp_path: Path) -> object:
    here = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(here)


def test_init_writes_an_empty_project_that_new_validate_and_build_work_in(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "news"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote 7 files in news/: {' '.join(PROJECT)}\n")
    project = in_tmp / "news"
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == sorted(PROJECT)
    assert (project / ".gitignore").read_text() == PROJECT_GITIGNORE
    assert json_schema.stale(project / "schema") == []
    for name in ("actors", "places", "topics"):
        first = (project / "seeds" / "registry" / f"{name}.yaml").read_text(encoding="utf-8").split("\n")[0]
        assert first == "# yaml-language-server: $schema=../../schema/registry.schema.json"
    os.chdir(project)
    assert main(["validate", "--no-cache"]) == 1  # no article yet: said so, not an empty graph
    assert "seeds" in capsys.readouterr().err
    add_article(project, capsys)
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 articles, ")
    assert main(["build", "--quiet"]) == 0
    assert (project / "dist" / "kg.nq").is_file()


def test_init_in_a_project_writes_only_what_it_lacks(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "news"]) == 0
    readme = in_tmp / "news" / "README.md"
    readme.write_text("mine\n")
    (in_tmp / "news" / ".gitignore").unlink()
    capsys.readouterr()
    assert main(["init", "news"]) == 0
    assert capsys.readouterr().out.startswith("wrote 1 files in news/: .gitignore\n")
    assert readme.read_text() == "mine\n"
    assert main(["init", "news"]) == 0
    assert capsys.readouterr().out == "news is already a kg project; nothing to write\n"


def test_init_refuses_a_folder_that_holds_something_else(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "notes").mkdir()
    (in_tmp / "notes" / "todo.txt").write_text("keep me\n")
    assert main(["init", "notes"]) == 2
    assert capsys.readouterr().err == (
        "kg: notes is not empty and holds no kg project (no seeds/registry/) — give a new or empty folder\n"
    )
    assert [p.name for p in (in_tmp / "notes").iterdir()] == ["todo.txt"]
    assert main(["init", "notes/todo.txt"]) == 2
    assert capsys.readouterr().err == "kg: notes/todo.txt is not a folder — kg init DIR makes a new project in DIR\n"


def test_a_projects_queries_add_to_kgs_own_and_replace_by_name(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "."]) == 0
    add_article(in_tmp, capsys)
    assert main(["build", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["queries"]) == 0
    own = capsys.readouterr().out
    assert own.count("\n    ") == len(list((ROOT / "queries").glob("*.rq")))
    (in_tmp / "queries").mkdir()
    (in_tmp / "queries" / "places.rq").write_text(
        "#+ summary: Which places are named?\nPREFIX kg: <https://example.org/kg/ontology#>\n"
        "SELECT ?place WHERE { ?place a kg:Place } ORDER BY ?place\n"
    )
    (in_tmp / "queries" / "denials.rq").write_text("#+ summary: Mine.\nASK { ?s ?p ?o }\n")
    assert main(["queries"]) == 0
    listed = capsys.readouterr().out
    assert "places\n    Which places are named?\n" in listed
    assert "denials\n    Mine.\n" in listed
    assert listed.count("\n    ") == own.count("\n    ") + 1
    assert main(["query", "places", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "place\r\nhttps://example.org/kg/place/lviv\r\n"  # RFC 4180
    assert main(["query", "denials"]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert main(["queries", "--queries", "nowhere"]) == 1
    assert capsys.readouterr().err == "kg: nowhere: no such folder of saved queries\n"
