"""The JSON Schemas: generated from the model, committed, pointed at by every seed file, and
accepting what the validator accepts while rejecting the schema-level bad inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import ROOT

from kg import json_schema
from kg.cli import main
from kg.yaml_input import read_document

SCHEMA_DIR = ROOT / "schema"
BAD = ROOT / "tests" / "fixtures" / "bad"
# The bad inputs a schema of one file can see: a field's shape, type, vocabulary or id pattern.
SCHEMA_LEVEL = {"invalid-controlled-values", "invalid-id", "missing-fields", "unknown-field", "wrong-types"}
# The others need more than one file's shape, so only `kg validate` catches them:
NOT_SCHEMA_LEVEL = {
    "malformed-yaml": "not YAML at all: there is no data for a schema to judge",
    "duplicate-key": "YAML-level: parsed to JSON data, the second key silently wins",
    "ambiguous-quote": "a quote is checked against the article's text, which the schema never sees",
    "unanchored-quote": "a quote is checked against the article's text, which the schema never sees",
    "wrong-offset": "a quote is checked against the article's text, which the schema never sees",
    "date-without-quote": "a rule between two optional fields (date needs date_quote) is checked in code",
    "impossible-date": "a calendar check (no 30 February): the schema checks the date's form only",
    "duplicate-id": "uniqueness of ids across sections is checked in code",
    "registry-duplicate-id": "uniqueness of ids across registry files: the schema sees one file",
    "unknown-reference": "a reference must resolve to an id in another file",
    "wrong-kind-reference": "a reference must resolve to an id of the right kind in another file",
    "unlisted-actor": "every referenced actor must be listed under actors: a cross-reference",
    "unsafe-link": "links are quotes of free text; web-address safety is checked in code",
    "invalid-iri-link": "a % that starts no %XX escape: IRI syntax is checked in code, by Oxigraph",
}


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return loaded


def errors(data: Any, name: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(name))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def schema_for(path: Path) -> str:
    return json_schema.REGISTRY if path.parent.name == "registry" else json_schema.ANNOTATION


def test_the_committed_schemas_are_what_the_model_generates() -> None:
    stale = json_schema.stale(SCHEMA_DIR)
    assert not stale, f"schema/{stale} differ from the model: run `kg schema --out schema` and commit them"


def test_the_schemas_are_valid_json_schemas() -> None:
    for name in (json_schema.ANNOTATION, json_schema.REGISTRY):
        jsonschema.Draft202012Validator.check_schema(schema(name))


def test_kg_schema_writes_the_schemas_and_check_reports_stale_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / name}:1:1: out of date with kg/model.py — run 'kg schema --out {tmp_path}'"
        for name in ("annotation.schema.json", "registry.schema.json")
    ]
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotation.schema.json", "registry.schema.json"]
    assert (tmp_path / "annotation.schema.json").read_bytes() == (SCHEMA_DIR / "annotation.schema.json").read_bytes()
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 0


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_seed_file_names_its_schema_and_passes_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == json_schema.modeline(SCHEMA_DIR / schema_for(path), path)
    assert errors(read_document(path, str(path)).data, schema_for(path)) == []


def test_the_schema_accepts_the_valid_fixtures() -> None:
    valid = [ROOT / "tests" / "fixtures" / "mini", ROOT / "tests" / "fixtures" / "lint" / "seeds"]
    for path in sorted(p for folder in valid for p in folder.rglob("*.yaml")):
        assert errors(read_document(path, str(path)).data, schema_for(path)) == [], path


def test_every_bad_fixture_is_classified() -> None:
    assert SCHEMA_LEVEL | NOT_SCHEMA_LEVEL.keys() == {p.name for p in BAD.iterdir()}
    assert not SCHEMA_LEVEL & NOT_SCHEMA_LEVEL.keys()


@pytest.mark.parametrize("name", sorted(SCHEMA_LEVEL))
def test_the_schema_rejects_each_schema_level_bad_fixture(name: str) -> None:
    found = [
        e
        for path in sorted((BAD / name).rglob("*.yaml"))
        for e in errors(read_document(path, str(path)).data, schema_for(path))
    ]
    assert found, f"the schema accepts tests/fixtures/bad/{name}"


def test_what_the_schema_says_about_a_bad_fixture() -> None:
    path = BAD / "invalid-controlled-values" / "mini.yaml"
    found = errors(read_document(path, str(path)).data, json_schema.ANNOTATION)
    assert any(e.startswith("events/0/kind: 'Meeting' is not one of ['meeting'") for e in found), found


@pytest.mark.parametrize("name", sorted(NOT_SCHEMA_LEVEL.keys() - {"malformed-yaml", "duplicate-key"}))
def test_the_schema_lets_pass_what_only_the_validator_sees(name: str) -> None:
    """Pins the classification above: if the schema learns to see one of these, move it."""
    found = [
        e
        for path in sorted((BAD / name).rglob("*.yaml"))
        for e in errors(read_document(path, str(path)).data, schema_for(path))
    ]
    assert found == []


def test_a_quote_may_be_the_words_alone_or_the_words_with_an_offset() -> None:
    base = read_document(ROOT / "tests/fixtures/mini/mini.yaml", "mini.yaml").data
    for quote, ok in (("words", True), ({"text": "words", "start": 3}, True), ("", False), ({"start": 3}, False)):
        data = {**base, "article": {**base["article"], "title": quote}}
        assert (errors(data, json_schema.ANNOTATION) == []) is ok, quote


def test_a_date_must_have_the_form_of_an_iso_date() -> None:
    base = read_document(ROOT / "tests/fixtures/mini/mini.yaml", "mini.yaml").data
    for date, ok in (("2026", True), ("2026-03", True), ("2026-03-01", True), ("--04-22", True), ("1 March", False)):
        data = {**base, "article": {**base["article"], "date": date}}
        assert (errors(data, json_schema.ANNOTATION) == []) is ok, date
