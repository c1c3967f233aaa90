"""The ontology in pyLODE 3.6, the documentation tool of the field: given as the parts
scripts/ontology-parts writes, its OntPub page heads with the ontology's own titles only and
documents every class and property, and each concept scheme's VocPub page documents every concept.

pyLODE runs in a venv of its own (cached in ~/.cache/kg/pylode-3.6.0): it needs Python 3.12 and
pins rdflib and tqdm its own way. Without Python 3.12 (Debian 12 has 3.11; ``$KG_PYLODE_PYTHON`` names one), or without
the package index, the test is skipped — and says which.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from support import ONTOLOGY, ROOT

# pyLODE 3.6.0 imports kurra.labels.get_missing_labels, which kurra 3.0.7 and later no longer have
PACKAGES = ["pylode==3.6.0", "kurra==3.0.6"]


def _python312() -> str | None:
    """$KG_PYLODE_PYTHON, else a python3.12+ on PATH or among pyenv's versions."""
    candidates = [os.environ.get("KG_PYLODE_PYTHON"), *(shutil.which(n) for n in ("python3.13", "python3.12"))]
    candidates += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.1[2-9]*/bin/python3"))
    for found in filter(None, candidates):
        probe = [found, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
        if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
            return found
    return None


@pytest.fixture(scope="module")
def pylode() -> Path:
    """The python of a venv with pyLODE 3.6 in it."""
    venv = Path(os.environ.get("KG_CACHE") or Path.home() / ".cache" / "kg") / "pylode-3.6.0"
    python = venv / "bin" / "python"
    if python.is_file() and subprocess.run([python, "-c", "import pylode"], capture_output=True).returncode == 0:
        return python
    base = _python312()
    if base is None:
        pytest.skip("pyLODE 3.6 needs Python 3.12 or newer, and there is none on PATH")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([base, "-m", "venv", venv], check=True)
    done = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        pytest.skip(f"pyLODE could not be installed: {done.stderr.strip().splitlines()[-1:]}")
    return python


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parts")
    subprocess.run([sys.executable, ROOT / "scripts" / "ontology-parts", out], check=True, capture_output=True)
    return out


def document(pylode: Path, source: Path, profile: str) -> tuple[str, str]:
    """pyLODE's page of ``source``: its heading and its text without markup."""
    out = source.with_suffix(f".{profile}.html")
    subprocess.run([pylode, "-m", "pylode", "-p", profile, source, "-o", out], check=True, capture_output=True)
    page = out.read_text(encoding="utf-8")
    heading = re.sub(r"<[^>]+>", "", re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)[0])
    return heading, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def english(graph: Graph, node: object, prop: object) -> str:
    return next(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language == "en")


def test_ontpub_heads_with_the_ontology_and_documents_every_class_and_property(pylode: Path, parts: Path) -> None:
    ontology = Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    heading, text = document(pylode, parts / "ontology.ttl", "ontpub")
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        assert english(ontology, scheme, SKOS.prefLabel) not in heading
    assert heading.startswith("News knowledge graph ontology")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {t for kind in kinds for t in ontology.subjects(RDF.type, kind) if str(t).startswith("https://example.org/kg/")}
    missing = sorted(str(t) for t in terms if english(ontology, t, RDFS.label) not in text)
    assert len(terms) > 40 and missing == []


def test_vocpub_documents_every_concept_of_each_scheme(pylode: Path, parts: Path) -> None:
    ontology = Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    schemes = sorted(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == len(list(parts.glob("scheme-*.ttl"))) >= 9
    for scheme in schemes:
        name = str(scheme).rsplit("#", 1)[-1]
        heading, text = document(pylode, parts / f"scheme-{name}.ttl", "vocpub")
        assert heading == english(ontology, scheme, SKOS.prefLabel)
        concepts = list(ontology.subjects(SKOS.inScheme, scheme))
        # each concept has its entry, named by its IRI (the label shown is one of its languages, pyLODE's pick)
        assert concepts and [str(c) for c in concepts if f"IRI {c} Preferred Label" not in text] == []
