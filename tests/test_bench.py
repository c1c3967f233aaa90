"""The synthetic corpus generator is reproducible and its output is valid."""

from __future__ import annotations

import sys
from pathlib import Path

from support import ONTOLOGY, ROOT

from kg.build import checked_graph
from kg.vocab import DEFAULT_BASE

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 3, seed=7)
    generate(tmp_path / "b", 3, seed=7)
    generate(tmp_path / "c", 3, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b") != files(tmp_path / "c")
    assert len(files(tmp_path / "a")) == 3 * 2 + 3


def test_a_generated_corpus_builds_and_conforms(tmp_path: Path) -> None:
    generate(tmp_path, 3)
    result = checked_graph(tmp_path, ontology=ONTOLOGY, base=DEFAULT_BASE)
    assert len(result.corpus.articles) == 3
    assert all(len(a.annotation.claims) == 2 for a in result.corpus.articles)
