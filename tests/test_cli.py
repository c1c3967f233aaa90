"""The ``kg`` command: exit codes, messages, and that nothing is written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ONTOLOGY, ROOT

from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def seeds_copy(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "mini", seeds)
    return seeds


def test_build_writes_every_format_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    code = main(["build", "--seeds", str(ROOT / "seeds"), "--ontology", str(ONTOLOGY), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".kg-output", "kg.ttl", "kg.nt", "kg.trig", "kg.nq", "kg.jsonld", "context.jsonld"]
    )
    assert printed.startswith("5 articles, ")
    assert "rbc-2026-01-06-paris-security-guarantees" in printed


def test_bad_input_exits_1_and_leaves_the_previous_build_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, out = seeds_copy(tmp_path), tmp_path / "dist"
    assert main(["build", "--seeds", str(seeds), "--ontology", str(ONTOLOGY), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    annotation = seeds / "mini.yaml"
    annotation.write_text(annotation.read_text().replace("certainty: possible", "certainty: sure"))
    assert main(["build", "--seeds", str(seeds), "--ontology", str(ONTOLOGY), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "mini.yaml:66:16: 'sure' is not allowed here" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_validate_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = seeds_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--seeds", str(seeds), "--ontology", str(ONTOLOGY)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 articles, ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("kg.ttl", "kg.ttl: not valid Turtle"),
        ("shapes.ttl", "shapes.ttl: not valid Turtle"),
    ],
)
def test_a_broken_ontology_or_shapes_file_exits_2(
    broken: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, ontology)
    (ontology / broken).write_text("@prefix kg: <https://example.org/kg/ontology#> .\nkg:a kg:b .. \n")
    code = main(["validate", "--seeds", str(seeds_copy(tmp_path)), "--ontology", str(ontology)])
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_missing_ontology_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--seeds", str(seeds_copy(tmp_path)), "--ontology", str(tmp_path / "nowhere")])
    assert code == 2
    assert "kg.ttl: not found" in capsys.readouterr().err


def test_a_bad_base_iri_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--base-iri", "example.org/kg"])
    assert exit_.value.code == 2
    assert "is not a base IRI" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "publish"])
def test_build_and_publish_make_no_network_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network call during {command}: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    out = tmp_path / "out"
    quiet = ["--quiet"] if command == "build" else []
    code = main([command, "--seeds", str(ROOT / "seeds"), "--ontology", str(ONTOLOGY), "--out", str(out), *quiet])
    assert code == 0 and (out / ("kg.ttl" if command == "build" else "index.html")).is_file()


@pytest.mark.parametrize("command", ["build", "publish"])
def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "out"
    code = main([command, "--seeds", str(ROOT / "seeds"), "--ontology", str(ONTOLOGY), "--out", str(out), "--no-cache"])
    said = capsys.readouterr().err
    assert code == 2
    assert said.startswith("kg: ") and str(blocker) in said and said.count("\n") == 1, said
    assert said.rstrip().endswith(("Not a directory", "is a file, not a folder"))
