"""``kg diff``: added and removed triples grouped by resource, in labels, between builds and revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from support import ONTOLOGY, ROOT

from kg.cli import main
from kg.diff import Labeller, as_text, compare, graph_of
from kg.errors import InputError
from kg.vocab import DEFAULT_BASE, SKOS

MINI = ROOT / "tests" / "fixtures" / "mini"


def run_diff(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["diff", *args, "--ontology", str(ONTOLOGY)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_to_the_seeds_against_the_built_graph(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    edit(seeds / "002_fe2fb713e12dd6cf.yaml", "    certainty: possible", "    certainty: probable")
    edit(seeds / "registry" / "actors.yaml", "  - id: starmer\n", "  - id: starmer\n    wikidata: Q6386217\n")
    code, out, err = run_diff([str(built), str(seeds), "--lang", "uk"], capsys)
    assert (code, err) == (0, "")
    claim = "article/bgnes-2026-02-12-us-ukraine-security-talks/claim/zelensky-agreement-could-be-exemplary"
    assert out == (
        "actor/starmer  — Кір Стармер\n"
        "  + owl:sameAs wd:Q6386217\n"
        f'{claim}  — It could be a "truly exemplary" agreement.\n'
        "  - kg:certainty kg:certainty-possible (можливо)\n"
        "  + kg:certainty kg:certainty-probable (імовірно)\n"
        "2 triples added, 1 removed, in 2 resources\n"
    )
    assert run_diff([str(built), str(seeds), "--exit-code"], capsys)[0] == 1


def test_every_built_format_is_the_same_graph(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("kg.nt", "kg.ttl", "kg.trig"):
        assert run_diff([str(built / "kg.nq"), str(built / name), "--exit-code"], capsys) == (0, "no differences\n", "")


def test_a_renamed_entity_is_removed_and_new(tmp_path: Path) -> None:
    old, new = Graph(), Graph()
    zelensky, renamed = URIRef(f"{DEFAULT_BASE}actor/zelensky"), URIRef(f"{DEFAULT_BASE}actor/zelenskyy")
    for graph, subject in ((old, zelensky), (new, renamed)):
        graph.add((subject, SKOS.prefLabel, Literal("Volodymyr Zelensky", lang="en")))
        graph.add((subject, SKOS.prefLabel, Literal("Володимир Зеленський", lang="uk")))
    text = as_text(compare(old, new), Labeller([new, old], base=DEFAULT_BASE, lang="uk"), old=old)
    assert text == (
        "actor/zelensky  — Володимир Зеленський  [removed]\n"
        '  - skos:prefLabel "Volodymyr Zelensky"@en\n'
        '  - skos:prefLabel "Володимир Зеленський"@uk\n'
        "actor/zelenskyy  — Володимир Зеленський  [new]\n"
        '  + skos:prefLabel "Volodymyr Zelensky"@en\n'
        '  + skos:prefLabel "Володимир Зеленський"@uk\n'
        "2 triples added, 2 removed, in 2 resources\n"
    )


def test_a_literal_stays_on_its_line() -> None:
    labeller = Labeller([], base=DEFAULT_BASE, lang="en")
    assert labeller.short(Literal('a "b"\nc\\d')) == '"a \\"b\\"\\nc\\\\d"'
    assert labeller.short(Literal(3)) == '"3"^^xsd:integer'


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=kg tests", "-c", "user.email=kg@example.org"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the mini corpus and the ontology, one commit, as the working folder."""
    shutil.copytree(MINI, tmp_path / "seeds")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "mini")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_uncommitted_edits_against_a_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_diff(["git:HEAD", "seeds"], capsys) == (0, "no differences\n", "")
    edit(
        repo / "seeds" / "registry" / "places.yaml",
        "label: {en: Lviv, uk: Львів}",
        "label: {en: Lviv, uk: Львів, bg: Лвов}",
    )
    code, out, err = run_diff(["HEAD", "seeds", "--lang", "bg"], capsys)  # a revision is recognised without git:
    assert (code, out, err) == (
        0,
        'place/lviv  — Лвов\n  + skos:prefLabel "Лвов"@bg\n1 triple added, 0 removed, in 1 resource\n',
        "",
    )


def test_two_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / "seeds" / "mini.yaml", "status: agreed", "status: signed")
    git(repo, "commit", "-q", "-am", "signed")
    code, out, _ = run_diff(["git:HEAD~1", "git:HEAD"], capsys)
    assert code == 0
    assert out.splitlines()[1:3] == [
        "  - kg:status kg:status-agreed (agreed)",
        "  + kg:status kg:status-signed (signed)",
    ]


def test_a_broken_revision_is_reported_against_the_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / "seeds" / "mini.yaml", "certainty: certain", "certainty: sure")
    git(repo, "commit", "-q", "-am", "broken")
    code, out, err = run_diff(["git:HEAD", "git:HEAD~1"], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("HEAD:seeds/mini.yaml:") and "'sure' is not allowed here" in err


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no-such-thing", "no-such-thing:1:1: not a file, a folder or a git revision — give a kg.nq, a dist folder"),
        ("git:no-such-rev", "git:no-such-rev:1:1: 'no-such-rev' is not a git revision of"),
    ],
)
def test_what_is_neither_a_graph_nor_a_revision(
    spec: str, message: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_diff([spec, "seeds"], capsys)
    assert (code, out) == (1, "") and err.startswith(message)


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "kg.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "kg.nt").write_text("<a> <b> .\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for spec, message in (
        ("kg.csv", "cannot read '.csv' files (expected .nq, .nt, .ttl, .trig)"),
        ("kg.nt", "not valid nt: "),
        ("empty", "no built graph in this folder (expected one of kg.nq, kg.trig, kg.nt, kg.ttl, or a registry/)"),
    ):
        with pytest.raises(InputError) as error:
            graph_of(str(tmp_path / spec), ontology=ONTOLOGY, base=DEFAULT_BASE)
        assert f"{tmp_path / spec}:1:1: {message}" in str(error.value)
