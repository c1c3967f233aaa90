"""The fragment cache never serves a stale article, and a cached build writes a cold build's bytes."""

from __future__ import annotations

import re
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from support import ONTOLOGY, ROOT

from kg.build import build
from kg.cache import Cache, salt
from kg.serialize import FORMATS
from kg.shacl import Violation
from kg.vocab import DEFAULT_BASE

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ARTICLES = [f"article-{n}" for n in range(4)]


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus (``seeds/``) and the cache (``cache/``) its first build filled."""
    folder = tmp_path_factory.mktemp("warm")
    generate(folder / "seeds", len(ARTICLES))
    assert built(folder, "out") == tuple(ARTICLES)
    return folder


@pytest.fixture
def work(warm: Path, tmp_path: Path) -> Path:
    """A copy of the corpus and of its warm cache, to change."""
    for name in ("seeds", "cache"):
        shutil.copytree(warm / name, tmp_path / name)
    return tmp_path


def built(work: Path, out: str, *, cached: bool = True) -> tuple[str, ...]:
    """Build ``work/seeds`` into ``work/out``; the articles compiled (read, mapped, validated) anew."""
    cache = Cache(work / "cache") if cached else None
    return build(work / "seeds", work / out, ontology=ONTOLOGY, base=DEFAULT_BASE, cache=cache).compiled


def assert_same_as_cold_build(work: Path) -> None:
    built(work, "cold", cached=False)
    for name in FORMATS:
        assert (work / "out" / name).read_bytes() == (work / "cold" / name).read_bytes(), name


def users_of(work: Path, entry: str) -> set[str]:
    """The articles whose annotation names registry ``entry``."""
    pattern = re.compile(rf"\b{re.escape(entry)}\b")
    return {f"article-{int(p.stem)}" for p in (work / "seeds").glob("*.yaml") if pattern.search(p.read_text())}


def test_a_warm_build_validates_nothing_and_writes_the_same_bytes(work: Path) -> None:
    assert built(work, "out") == ()
    assert_same_as_cold_build(work)


def test_an_edited_article_is_validated_again_alone(work: Path) -> None:
    note = work / "seeds" / "000002.yaml"
    note.write_text(note.read_text().replace('title_en: "News 2', 'title_en: "Edited news 2'))
    assert built(work, "out") == ("article-2",)
    assert_same_as_cold_build(work)


def test_an_edited_article_text_is_validated_again_alone(work: Path) -> None:
    text = work / "seeds" / "000001.txt"
    text.write_text(text.read_text() + "\nПіслямова.\n")
    assert built(work, "out") == ("article-1",)
    assert_same_as_cold_build(work)


def test_a_renamed_article_is_validated_again_alone(work: Path) -> None:
    for suffix in (".txt", ".yaml"):
        (work / "seeds" / f"000003{suffix}").rename(work / "seeds" / f"renamed{suffix}")
    assert built(work, "out") == ("article-3",)  # its kg:sourceFile changed
    assert_same_as_cold_build(work)


def test_a_deleted_article_validates_nothing(work: Path) -> None:
    for suffix in (".txt", ".yaml"):
        (work / "seeds" / f"000000{suffix}").unlink()
    assert built(work, "out") == ()
    assert_same_as_cold_build(work)


@pytest.mark.parametrize("entry", ["person-", "outlet-", "place-"])
def test_a_changed_registry_entry_revalidates_exactly_the_articles_that_use_it(work: Path, entry: str) -> None:
    registry = work / "seeds" / "registry" / ("places.yaml" if entry == "place-" else "actors.yaml")
    used = sorted(
        int(m)
        for m in re.findall(rf"\b{entry}(\d+)\b", "".join(p.read_text() for p in (work / "seeds").glob("*.yaml")))
    )
    name = f"{entry}{used[0]}"
    label = re.search(rf"id: {name}\n(?:.*\n)*?.*label: {{en: ([^,]+),", registry.read_text())
    assert label, name
    registry.write_text(registry.read_text().replace(f"en: {label[1]},", f"en: {label[1]} (renamed),", 1))
    assert built(work, "out") == tuple(sorted(users_of(work, name)))
    assert users_of(work, name)
    assert_same_as_cold_build(work)


def test_a_registry_entry_no_article_uses_recompiles_no_article(work: Path) -> None:
    actors = work / "seeds" / "registry" / "actors.yaml"
    unused = next(f"person-{n}" for n in range(300) if not users_of(work, f"person-{n}"))
    actors.write_text(re.sub(rf"(id: {unused}\n(?:.*\n)*?.*label: {{en: )Person", r"\1Someone", actors.read_text()))
    assert built(work, "out") == ()
    assert_same_as_cold_build(work)


def test_a_damaged_fragment_is_ignored_and_written_again(work: Path) -> None:
    fragments = sorted((work / "cache" / "fragments").rglob("*.frag"))
    assert len(fragments) == len(ARTICLES)
    fragments[0].write_text("{not json")
    fragments[1].write_bytes(fragments[1].read_bytes()[:20])
    forged = fragments[2].read_text().replace('"triples": ', '"triples": 1', 1)
    fragments[2].write_text(forged)  # a head the checksum does not vouch for
    assert forged != fragments[3].read_text()
    assert len(built(work, "out")) == 3
    assert built(work, "again") == ()
    assert_same_as_cold_build(work)


def test_an_unchanged_corpus_renders_no_article_again(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.assemble

    rendered: list[str] = []
    real = kg.assemble.part_of

    def counting(graph: str, *args: object, **kwargs: object) -> object:
        rendered.append(graph)
        return real(graph, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("kg.assemble.part_of", counting)
    assert built(work, "out") == ()
    assert rendered == [f"{DEFAULT_BASE}graph/ontology", f"{DEFAULT_BASE}graph/registry"]
    monkeypatch.undo()
    assert_same_as_cold_build(work)


def test_entries_round_trip_and_misses_are_none(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    found = [Violation("https://example.org/kg/a", "title", "an article needs… «title»", "Violation")]
    cache.put("ab" * 32, found)
    cache.put("cd" * 32, [])
    assert cache.get("ab" * 32) == found
    assert cache.get("cd" * 32) == []
    assert cache.get("ef" * 32) is None
    assert not list(tmp_path.rglob(".entry.*")), "no temporary file is left behind"


def test_the_key_names_the_shacl_engine_and_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results of one engine are never served to a build that runs the other."""
    files = (ONTOLOGY / "kg.ttl", ONTOLOGY / "shapes.ttl")
    monkeypatch.setenv("KG_SHACL_ENGINE", "turbo")
    turbo = salt(*files, DEFAULT_BASE)
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl")
    reference = salt(*files, DEFAULT_BASE)
    assert f"shacl turbo pyshacl-turbo {version('pyshacl-turbo')}" in turbo.splitlines()
    assert f"shacl pyshacl pyshacl {version('pyshacl')}" in reference.splitlines()
