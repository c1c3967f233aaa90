"""The build's query store: graphs kept in step one at a time, and compacted once enough have
been loaded since it last was (a store left in many small files answers the timeline 5× slower)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from kg import query_store


def graphs(count: int, version: str = "v1") -> dict[str, str]:
    return {f"https://example.org/kg/graph/a{i:03d}": f"{version}-{i}" for i in range(count)}


def nquads(keys: dict[str, str]):  # type: ignore[no-untyped-def]
    def lines(graph: str) -> bytes:
        return f'<{graph}/s> <https://example.org/p> "{keys[graph]}" <{graph}> .\n'.encode()

    return lines


def loose(cache: Path) -> int:
    return int(json.loads((cache / query_store.STATE).read_text(encoding="utf-8"))["loose"])


def held(cache: Path) -> set[str]:
    store = pyoxigraph.Store.read_only(str(cache / query_store.FOLDER))
    return {quad.object.value for quad in store}


def test_a_store_is_compacted_after_a_cold_load_and_once_enough_graphs_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_store, "COMPACT_AFTER", 3)
    keys = graphs(20)
    assert query_store.update(tmp_path, "b1", keys, nquads(keys)) == 20
    assert loose(tmp_path) == 0, "a cold load is compacted"
    for step in range(1, 4):  # one graph edited per build: left loose until more than 3 are
        keys = keys | {next(iter(keys)): f"edit-{step}"}
        assert query_store.update(tmp_path, f"b{step + 1}", keys, nquads(keys)) == 1
        assert loose(tmp_path) == step
        assert held(tmp_path) == set(keys.values())
    keys = keys | {next(iter(keys)): "edit-4"}
    query_store.update(tmp_path, "b5", keys, nquads(keys))
    assert loose(tmp_path) == 0, "the fourth loose graph compacts the store"
    assert held(tmp_path) == set(keys.values()), "and compacting keeps exactly the build's quads"
