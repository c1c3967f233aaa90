"""kg.references: the one walk over reference fields visits every field the model types ``Ref``,
at the path the YAML gives it, and the corpus's checks of kinds and mentions rest on it."""

from __future__ import annotations

import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from support import ROOT

from kg.corpus import read_corpus
from kg.errors import InputError
from kg.model import REFERENCE
from kg.references import references, registry_references
from kg.yaml_input import FieldPath, read_document

CORPORA = [ROOT / "seeds", ROOT / "tests" / "fixtures" / "lint" / "seeds", ROOT / "tests" / "fixtures" / "mini"]


def _is_reference(hint: Any) -> bool:
    """Whether a type hint is ``Ref``, or a list or optional of it (found by the model's marker)."""
    if typing.get_origin(hint) is typing.Annotated and REFERENCE in hint.__metadata__:
        return True
    return any(_is_reference(arg) for arg in typing.get_args(hint))


def typed_references(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every value of a field typed ``Ref``, found from the model's types rather than by name."""
    if isinstance(value, BaseModel):
        hints = typing.get_type_hints(type(value), include_extras=True)
        for name, field in type(value).model_fields.items():
            item, at = getattr(value, name), (*path, field.alias or name)
            if not _is_reference(hints[name]):
                yield from typed_references(item, at)
            elif isinstance(item, list):
                yield from (((*at, i), ref) for i, ref in enumerate(item))
            elif item is not None:
                yield at, item
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from typed_references(item, (*path, i))


@pytest.mark.parametrize("seeds", CORPORA, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_walk_visits_every_field_typed_as_a_reference(seeds: Path) -> None:
    corpus = read_corpus(seeds)
    for article in corpus.articles:
        walked = [(r.path, r.id) for r in references(article.annotation)]
        assert sorted(walked, key=str) == sorted(typed_references(article.annotation), key=str)
    walked = [(r.path, r.id) for r in registry_references(corpus.registry)]
    assert sorted(walked, key=str) == sorted(typed_references(corpus.registry), key=str)


def test_the_corpora_fill_every_reference_field() -> None:
    """What makes the test above able to fail: every ``Ref`` field holds a value in one of them."""
    filled: set[tuple[str, ...]] = set()
    for seeds in CORPORA:
        corpus = read_corpus(seeds)
        found = [ref for article in corpus.articles for ref in references(article.annotation)]
        found += registry_references(corpus.registry)
        filled |= {tuple(step for step in ref.path if isinstance(step, str)) for ref in found}
    assert len(filled) == 18  # outlet, author, cites, date conflicts' events, … ; member_of and country
    assert ("events", "participants", "on_behalf_of") in filled and ("places", "country") in filled


@pytest.mark.parametrize("seeds", CORPORA[1:], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_reference_path_points_at_its_id_in_the_yaml(seeds: Path) -> None:
    for note in sorted(seeds.glob("*.yaml")):
        data = read_document(note, str(note)).data
        corpus = read_corpus(seeds)
        (article,) = [a for a in corpus.articles if a.source_file == note.with_suffix(".txt").name]
        for ref in references(article.annotation):
            value = data
            for step in ref.path:
                value = value[step]
            assert value == ref.id, ref.path


def test_a_registry_actor_named_only_in_a_claims_about_must_be_listed(tmp_path: Path) -> None:
    """``about`` may name anything; an actor there is one the article names, so it is listed too."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", seeds)
    with (seeds / "registry" / "actors.yaml").open("a", encoding="utf-8") as registry:
        registry.write("  - id: third-party\n    kind: state\n    label: {en: Third Party}\n")
    note = seeds / "mini.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("about: [", "about: [third-party, ", 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_corpus(seeds)
    assert [str(p) for p in raised.value.problems] == [
        f"{note}:58:13: actor 'third-party' is not listed under 'actors' — add it there with the words that name it"
        " ('quote')"
    ]
