"""kg.iri names the vocabularies as plain strings for the commands that never import rdflib;
kg.vocab names the same ones as rdflib namespaces. They must not drift apart."""

from __future__ import annotations

import subprocess
import sys

from kg.iri import NAMESPACES
from kg.vocab import PREFIXES


def test_the_plain_and_the_rdflib_namespaces_are_the_same() -> None:
    assert {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} == NAMESPACES


def test_kg_query_never_imports_rdflib() -> None:
    """What keeps `kg query` quick to start: rdflib and its SPARQL parser took 0.3 s to import."""
    probe = "import sys; from kg.cli import main; from kg import query, query_store; print('rdflib' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert found.strip() == "False"
