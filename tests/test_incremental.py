"""An incremental build is a cold build: after every kind of edit, the outputs of a build that
reuses the cache are byte for byte those of a build from nothing, and only the articles the edit
touches are compiled again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from support import ONTOLOGY, ROOT

from kg import fragments, query_store
from kg.build import build, validate
from kg.cache import Cache
from kg.vocab import DEFAULT_BASE

ARTICLES = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("generated") / "seeds"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--articles", str(ARTICLES), "--out", str(seeds)],
        check=True,
        capture_output=True,
    )
    return seeds


def outputs(folder: Path) -> dict[str, bytes]:
    """The output files, and the marker less the line naming the cache's store (a cold build has none)."""
    found = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    marker = found[".kg-output"].splitlines(True)
    found[".kg-output"] = b"".join(line for line in marker if not line.startswith(b"store "))
    return found


def incremental_then_cold(seeds: Path, work: Path, cache: Path) -> tuple[str, ...]:
    """Build with the warm cache and from nothing; assert the same bytes; return what was compiled."""
    warm = build(seeds, work / "warm", ontology=ONTOLOGY, base=DEFAULT_BASE, cache=Cache(cache))
    cold_dir = work / "cold"
    shutil.rmtree(cold_dir, ignore_errors=True)
    build(seeds, cold_dir, ontology=ONTOLOGY, base=DEFAULT_BASE, cache=None)
    assert outputs(work / "warm") == outputs(cold_dir)
    dump = work / "warm" / "kg.nq"
    with query_store.opened(dump) as store:
        assert store is not None, "the build's store holds this build"
        assert set(store) == set(pyoxigraph.parse(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS))
    return warm.compiled


@pytest.fixture(params=["stamps settle", "stamps trusted at once"])
def index(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test as it runs for a user (files written in the last seconds are hashed, see
    kg.fragments.Index) and with every file's stamp trusted at once, so that the edits the test
    makes a moment after each build go through the index too."""
    if request.param == "stamps trusted at once":
        monkeypatch.setattr(fragments, "SETTLE", -(10**18))


@pytest.mark.usefixtures("index")
def test_every_kind_of_edit_gives_the_bytes_of_a_cold_build(generated: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(generated, seeds)
    cache = tmp_path / "cache"
    first = incremental_then_cold(seeds, tmp_path, cache)
    assert len(first) == ARTICLES
    assert incremental_then_cold(seeds, tmp_path, cache) == (), "nothing changed, nothing compiled"

    notes = sorted(seeds.glob("*.yaml"))
    # an edited article: only it is compiled again
    edited = notes[3]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('title_en: "', 'title_en: "Edited ', 1), encoding="utf-8")
    assert incremental_then_cold(seeds, tmp_path, cache) == (article_id(edited),)

    # a deleted article
    gone = notes[5]
    gone.unlink()
    gone.with_suffix(".txt").unlink()
    assert incremental_then_cold(seeds, tmp_path, cache) == ()

    # a renamed article file: its source path is in its graph, so it is compiled again
    moved = notes[7]
    target = moved.with_name("renamed-" + moved.name)
    moved.rename(target)
    moved.with_suffix(".txt").rename(target.with_suffix(".txt"))
    assert incremental_then_cold(seeds, tmp_path, cache) == (article_id(target),)

    # an edited registry entry: exactly the articles that name it are compiled again
    actors = seeds / "registry" / "actors.yaml"
    found = re.search(r"person-[0-9]+", notes[0].read_text(encoding="utf-8"))
    assert found
    entry = found.group()
    naming = {article_id(p) for p in seeds.glob("*.yaml") if re.search(rf"\b{entry}\b", p.read_text("utf-8"))}
    assert naming, "the generated corpus names the entry"
    registry = actors.read_text(encoding="utf-8")
    number = entry.removeprefix("person-")
    actors.write_text(registry.replace(f"{{en: Person {number},", "{en: Person Renamed,", 1), encoding="utf-8")
    assert set(incremental_then_cold(seeds, tmp_path, cache)) == naming

    # a new registry entry that no article names changes no article
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(
            "actors:\n", "actors:\n  - id: a-newcomer\n    kind: person\n    label: {en: A Newcomer}\n", 1
        ),
        encoding="utf-8",
    )
    assert incremental_then_cold(seeds, tmp_path, cache) == ()


@pytest.mark.usefixtures("index")
def test_a_damaged_fragment_is_compiled_again(generated: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(generated, seeds)
    cache = tmp_path / "cache"
    incremental_then_cold(seeds, tmp_path, cache)
    fragments = sorted((cache / "fragments").rglob("*.frag"))
    assert len(fragments) == ARTICLES
    fragments[0].write_bytes(fragments[0].read_bytes()[:-40])
    fragments[1].write_bytes(b"")
    assert len(incremental_then_cold(seeds, tmp_path, cache)) == 2


def article_id(annotation: Path) -> str:
    found = re.search(r"^  id: (\S+)$", annotation.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, annotation
    return found.group(1)


def test_the_store_is_trusted_only_while_it_holds_the_build_of_the_dump(generated: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(generated, tmp_path / "dist", ontology=ONTOLOGY, base=DEFAULT_BASE, cache=Cache(cache))
    dump = tmp_path / "dist" / "kg.nq"
    with query_store.opened(dump) as store:
        assert store is not None
    state = (cache / query_store.STATE).read_text(encoding="utf-8")
    (cache / query_store.STATE).write_text('{"build": null}', encoding="utf-8")  # as a crash mid-update leaves it
    with query_store.opened(dump) as store:
        assert store is None
    other = tmp_path / "other"  # a build elsewhere, without the cache, names no store
    build(generated, other, ontology=ONTOLOGY, base=DEFAULT_BASE, cache=None)
    with query_store.opened(other / "kg.nq") as store:
        assert store is None
    (cache / query_store.STATE).write_text(state, encoding="utf-8")
    build(generated, tmp_path / "dist", ontology=ONTOLOGY, base=DEFAULT_BASE, cache=Cache(cache))
    with query_store.opened(dump) as store:
        assert store is not None
        assert set(store) == set(pyoxigraph.parse(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS))


def test_an_unchanged_corpus_is_not_read_again_not_even_to_hash_it(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(generated, seeds)
    monkeypatch.setattr(fragments, "SETTLE", -(10**18))
    build(seeds, tmp_path / "dist", ontology=ONTOLOGY, base=DEFAULT_BASE, cache=Cache(tmp_path / "cache"))
    hashed: list[str] = []
    real_key = fragments.key

    def counting_key(context: fragments.CompileContext, annotation: Path) -> str:
        hashed.append(annotation.name)
        return real_key(context, annotation)

    monkeypatch.setattr("kg.build.key", counting_key)
    edited = sorted(seeds.glob("*.yaml"))[2]
    edited.write_text(edited.read_text(encoding="utf-8").replace('title_en: "', 'title_en: "Edited ', 1), "utf-8")
    checked = validate(seeds, ontology=ONTOLOGY, base=DEFAULT_BASE, cache=Cache(tmp_path / "cache", write=False))
    assert hashed == [edited.name]
    assert checked.compiled == (article_id(edited),)
    assert len(checked.summaries) == ARTICLES


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_still_seen(generated: Path, tmp_path: Path) -> None:
    """What a stamp is made of: a same-length edit whose mtime is put back (an editor or a
    checkout can do both) still changes the file's change time, which no program can set."""
    seeds = tmp_path / "seeds"
    shutil.copytree(generated, seeds)
    cache = tmp_path / "cache"
    edited = sorted(seeds.glob("*.yaml"))[4]
    before = edited.stat()
    incremental_then_cold(seeds, tmp_path, cache)
    old = (cache / "fragments" / fragments.Index.FILE).read_bytes()
    text = edited.read_text(encoding="utf-8")
    found = re.search(r'title_en: "(.)', text)
    assert found
    swapped = "Z" if found.group(1) != "Z" else "Y"
    edited.write_text(text[: found.start(1)] + swapped + text[found.end(1) :], encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size and edited.stat().st_mtime_ns == before.st_mtime_ns
    assert old  # the index was written, and trusted the stamps of the files that had settled
    assert incremental_then_cold(seeds, tmp_path, cache) == (article_id(edited),)
