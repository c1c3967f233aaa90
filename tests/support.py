"""Shared test helpers: where things are, and graph comparison with a readable diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).parent.parent
ONTOLOGY = Path(os.environ.get("KG_ONTOLOGY", ROOT / "ontology"))


def assert_same_graph(actual: Graph, expected: Graph, limit: int = 25) -> None:
    """Fail with the triples found on only one side when two graphs differ."""
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))

    def show(graph: Graph) -> str:
        lines = sorted(graph.serialize(format="nt").splitlines())
        more = f"\n  … and {len(lines) - limit} more" if len(lines) > limit else ""
        return "\n".join(f"  {line}" for line in lines[:limit]) + more

    pytest.fail(
        f"graphs differ\nonly in actual ({len(only_actual)}):\n{show(only_actual)}\n"
        f"only in expected ({len(only_expected)}):\n{show(only_expected)}",
        pytrace=False,
    )
