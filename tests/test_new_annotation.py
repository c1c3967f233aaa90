"""``kg new``: a starter annotation read from the article's text, valid YAML, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT
from test_json_schema import errors

from kg import json_schema
from kg.cli import main
from kg.corpus import read_corpus, read_registry
from kg.errors import InputError
from kg.new_annotation import language, starter_annotation
from kg.yaml_input import read_document

SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "scaffold"
EMPTY_FIELDS = ["'id' is empty (expected text) — fill it in", "'outlet' is empty", "'title_en' is empty"]


def parsed(text: str, tmp_path: Path) -> dict[str, Any]:
    """The scaffold's data as kg reads it (dates stay text)."""
    path = tmp_path / "scaffold.yaml"
    path.write_text(text, encoding="utf-8")
    data: dict[str, Any] = read_document(path, str(path)).data
    return data


def new(tmp_path: Path, stem: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A copy of the seeds without ``stem``'s annotation, then ``kg new`` on its text."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / f"{stem}.yaml").unlink()
    assert main(["new", str(seeds / f"{stem}.txt"), "--schema", str(ROOT / "schema")]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {seeds / stem}.yaml: fill in the empty fields")
    return seeds / f"{stem}.yaml"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_printed_date_and_language_are_those_the_annotators_found(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    written = starter_annotation(text, read_registry(SEEDS), schema_line="", source=path.name)
    found = parsed(written, tmp_path)["article"]
    annotated = read_document(path.with_suffix(".yaml"), "").data["article"]
    assert (found["date"], found["language"]) == (annotated["date"], annotated["language"])


def test_the_title_is_the_first_line_of_four_words_or_more() -> None:
    titles = {}
    for path in sorted(SEEDS.glob("*.txt")):
        found = yaml.safe_load(
            starter_annotation(path.read_text(encoding="utf-8"), read_registry(SEEDS), schema_line="", source="")
        )
        annotated = read_document(path.with_suffix(".yaml"), "").data["article"]["title"]
        titles[path.stem[:3]] = found["article"]["title"] == annotated
    # 000 opens with a one-sentence lead before its title line: the annotator corrects it
    assert titles == {"000": False, "001": True, "002": True, "003": True, "004": True}


def test_a_fresh_scaffold_fails_validation_only_on_the_fields_left_to_the_annotator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = new(tmp_path, "004_59d639f623972c57", capsys)
    with pytest.raises(InputError) as error:
        read_corpus(target.parent)
    lines = [str(p) for p in error.value.problems]
    assert [line.split(": ", 1)[1][: len(e)] for line, e in zip(lines, EMPTY_FIELDS, strict=True)] == EMPTY_FIELDS
    assert [line.split(":")[1:3] for line in lines] == [["5", "6"], ["6", "10"], ["9", "12"]]


def test_filled_in_it_is_a_valid_annotation_naming_the_actors_it_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = new(tmp_path, "004_59d639f623972c57", capsys)
    text = target.read_text(encoding="utf-8")
    text = text.replace("  id: ", "  id: rbc-2026-01-06-test ", 1).replace("  outlet: ", "  outlet: rbc-ukraine ", 1)
    target.write_text(text.replace("  title_en: ", "  title_en: Allies await ", 1), encoding="utf-8")
    article = next(a for a in read_corpus(target.parent).articles if a.annotation.article.id == "rbc-2026-01-06-test")
    mentioned = [m.actor for m in article.annotation.actors]
    assert {"macron", "witkoff", "kushner", "trump", "zelensky", "putin", "rbc-ukraine", "bloomberg"} <= set(mentioned)
    assert "  - actor: macron\n    quote: Еммануель Макрон  # line 5: …ця, проведе президент Франції" in text
    assert "#   paris: Парижі (line 4)" in text  # places are shown for an event's place:


def test_the_scaffold_names_its_schema_and_the_schema_sees_the_same_empty_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = new(tmp_path, "002_fe2fb713e12dd6cf", capsys)
    assert target.read_text(encoding="utf-8").splitlines()[0] == json_schema.modeline(
        ROOT / "schema" / json_schema.ANNOTATION, target
    )
    found = errors(read_document(target, str(target)).data, json_schema.ANNOTATION)
    assert found == [
        "article/id: None is not of type 'string'",
        "article/outlet: None is not of type 'string'",
        "article/title_en: None is not of type 'string'",
    ]


def test_kg_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Київ, 6 січня 2026 року. Зустріч у Києві відбулася.\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("mine: true\n", encoding="utf-8")
    assert main(["new", str(text), "--seeds", str(SEEDS)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path}/a.yaml:1:1: annotation already exists; kg new never overwrites"
        " — edit it, or remove it to start again",
        "kg: 1 problem found; nothing written",
    ]
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "mine: true\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.yaml"], "no temporary file left behind"


def test_kg_new_refuses_what_is_not_an_article_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "missing.txt"), "--seeds", str(SEEDS)]) == 1
    assert f"{tmp_path}/missing.txt:1:1: no such file" in capsys.readouterr().err
    (tmp_path / "a.md").write_text("text", encoding="utf-8")
    assert main(["new", str(tmp_path / "a.md"), "--seeds", str(SEEDS)]) == 1
    assert "a.md:1:1: expected the article's text file (NNN_hash.txt)" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.yaml"))


def test_an_english_text_with_links_and_no_outlet_known(tmp_path: Path) -> None:
    text = (FIXTURES / "english.txt").read_text(encoding="utf-8")
    written = starter_annotation(text, read_registry(SEEDS), schema_line="# schema", source="english.txt")
    article = parsed(written, tmp_path)["article"]
    assert article["language"] == "en" and article["date"] == "2026-03-03"
    assert article["date_quote"] == "March 3, 2026"
    assert article["title"] == "Test ministers agree to meet again in Lviv next month"
    # each address once, without the full stop that ends its sentence; a repeated one with its offset
    assert article["links"] == [
        "https://example.org/wire/2026/03/03/ministers",
        {"text": "https://example.org/wire/", "start": text.index("Related: ") + len("Related: ")},
    ]
    assert "  outlet:        # the registry id of the outlet or agency that publishes it\n" in written
    assert [a["actor"] for a in parsed(written, tmp_path)["actors"]] == ["ukraine", "zelensky"]


def test_the_same_text_gives_the_same_file(tmp_path: Path) -> None:
    text = (SEEDS / "003_4d2f80f0a6bcea68.txt").read_text(encoding="utf-8")
    first, second = (starter_annotation(text, read_registry(SEEDS), schema_line="", source="x") for _ in range(2))
    assert first == second


def test_language_from_letters() -> None:
    assert language("Зеленски проведе телефонен разговор с президента на САЩ") == "bg"
    assert language("Зеленський провів телефонну розмову з президентом США") == "uk"
    assert language("") is None


def test_comments_quoting_the_text_hold_no_control_characters() -> None:
    text = "Вступ\n\nКиїв і Львів\x0b зустрілися з Зеленським\tтут\n"
    written = starter_annotation(text, read_registry(SEEDS), schema_line="", source="x")
    comments = [line.partition("#")[2] for line in written.splitlines() if "line 3:" in line]
    assert comments and all(c.isprintable() for c in comments), comments
