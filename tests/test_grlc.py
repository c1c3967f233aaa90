"""The saved queries folder served unchanged by grlc itself, against a real Oxigraph server that
this test run starts, gives the same answers as ``kg query``.

grlc pins its own rdflib, Flask and requests, so it lives in a virtual environment of its own
(``~/.cache/kg/grlc-venv``, or under ``$KG_CACHE``), made here with pip on first use.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from conftest import in_ci
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import free_port, oxigraph_server, stop, wait_until_up

from kg.query import SavedQuery, bind, format_answer, load_store, read_queries, run_local
from kg.vocab import DEFAULT_BASE

GRLC = "grlc==1.3.11"
ROOT = Path(__file__).resolve().parent.parent
QUERIES = read_queries(ROOT / "queries")


def grlc_python() -> Path:
    """The interpreter of grlc's own virtual environment, made with pip when missing."""
    cache = Path(os.environ.get("KG_CACHE") or Path.home() / ".cache" / "kg")
    venv = cache / "grlc-venv"
    python = venv / "bin" / "python"
    marker = venv / ".installed"  # written last: a half-made environment is made again
    if marker.is_file() and marker.read_text().strip() == GRLC:
        return python
    staging = cache / f"grlc-venv.{os.getpid()}"  # made whole beside it, then renamed into place
    shutil.rmtree(staging, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", str(staging)],
        [str(staging / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", GRLC],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            message = f"could not install {GRLC} in its own virtual environment: {said}"
            if in_ci():
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
    (staging / ".installed").write_text(GRLC + "\n")  # python -m runs it from its new place
    shutil.rmtree(venv, ignore_errors=True)
    staging.rename(venv)
    return python


@pytest.fixture(scope="module")
def store(built: Path) -> Iterator[str]:
    with oxigraph_server(built / "kg.nq") as base:
        yield base


@pytest.fixture(scope="module")
def grlc(store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """grlc serving ``queries/`` (its ``/api-local/``) with the store as its default endpoint."""
    python = grlc_python()
    home = tmp_path_factory.mktemp("grlc")  # grlc reads config.ini from its working folder
    (home / "config.ini").write_text(
        f"[defaults]\nsparql_endpoint = {store}/query\n\n[local]\nlocal_sparql_dir = {ROOT / 'queries'}\n"
    )
    port = free_port()
    command = [str(python), "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "grlc.server:app"]
    log = (home / "grlc.log").open("wb")
    process = subprocess.Popen(command, cwd=home, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api-local"
    try:
        wait_until_up(f"{url}/swagger", process)
        yield url
    finally:
        stop(process, timeout=10)
        log.close()


@pytest.fixture(scope="module")
def local(built: Path) -> pyoxigraph.Store:
    return load_store(built / "kg.nq")


@pytest.fixture(scope="module")
def spec(grlc: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{grlc}/swagger", timeout=60) as response:
        document: dict[str, Any] = json.load(response)
    return document


def ask_grlc(grlc: str, name: str, params: dict[str, str], accept: str) -> tuple[int, bytes]:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    request = urllib.request.Request(f"{grlc}/{name}{query}", headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def required_values(query: SavedQuery) -> dict[str, str]:
    """What a caller of grlc must pass: every required parameter, at its documented default."""
    return {p.name: p.default or "" for p in query.parameters if p.required}


def test_grlc_serves_every_saved_query_with_kg_query_parameters(spec: dict[str, Any]) -> None:
    assert sorted(path.strip("/") for path in spec["paths"]) == sorted(QUERIES)
    for name, query in QUERIES.items():
        served = {p["name"]: p for p in spec["paths"][f"/{name}"]["get"]["parameters"] if p["name"] != "endpoint"}
        ours = {p.name: (p.required, p.default) for p in query.parameters}
        assert {n: (p["required"], p.get("default")) for n, p in served.items()} == ours, name


# every query as its defaults give it, and each that has labels in Ukrainian too
CASES = [(name, None) for name in sorted(QUERIES)] + [
    (name, "uk") for name, query in sorted(QUERIES.items()) if any(p.name == "lang" for p in query.parameters)
]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_every_query_answers_in_grlc_as_in_kg_query(
    grlc: str, local: pyoxigraph.Store, name: str, lang: str | None
) -> None:
    query = QUERIES[name]
    params = required_values(query) | ({"lang": lang} if lang else {})
    ours = run_local(bind(query, params, base=DEFAULT_BASE), local)
    if query.form == "CONSTRUCT":  # as N-Triples: see the next test for Turtle
        status, body = ask_grlc(grlc, name, params, "application/n-triples")
        assert status == 200, body[:500]
        theirs = Graph().parse(data=body.decode("utf-8"), format="nt")
        assert ours.graph is not None and len(ours.graph) > 100
        assert isomorphic(theirs, ours.graph)
        return
    status, body = ask_grlc(grlc, name, params, "application/sparql-results+json")
    assert status == 200, body[:500]
    theirs = json.loads(body)
    expected = json.loads(format_answer(ours, "json"))
    assert theirs["head"]["vars"] == expected["head"]["vars"]
    assert theirs["results"]["bindings"] == expected["results"]["bindings"]
    assert expected["results"]["bindings"], f"{name} answers nothing, so it proves nothing"


def test_a_graph_as_turtle_comes_from_grlc_with_its_text_mangled(grlc: str, local: pyoxigraph.Store) -> None:
    """Oxigraph sends Turtle as ``text/turtle`` with no charset; grlc 1.3.11 reads the answer
    with requests, which takes a text/* answer without a charset to be ISO-8859-1, and sends it
    on re-encoded as UTF-8: every non-ASCII character comes out as two or three others."""
    query = QUERIES["article-subgraph"]
    params = required_values(query)
    ours = run_local(bind(query, params, base=DEFAULT_BASE), local).graph
    status, body = ask_grlc(grlc, "article-subgraph", params, "text/turtle")
    assert status == 200 and ours is not None
    theirs = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert len(theirs) == len(ours) and not isomorphic(theirs, ours)
    title = "Союзники України очікують сигналу від США"
    assert title not in body.decode("utf-8") and title.encode("utf-8").decode("latin-1") in body.decode("utf-8")


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if any(p.required for p in q.parameters)))
def test_grlc_needs_every_required_parameter_passed(grlc: str, name: str) -> None:
    """kg query fills a missing parameter from '#+ defaults:'; grlc only shows the default on its
    API page and answers a call without the parameter with a 500 (as grlc 1.3.11 does)."""
    status, _ = ask_grlc(grlc, name, {}, "application/sparql-results+json")
    assert status == 500


def test_a_full_iri_works_in_grlc_as_a_short_id_does(grlc: str) -> None:
    short = ask_grlc(grlc, "claims-by-actor", {"actor": "zelensky"}, "text/csv")
    full = ask_grlc(grlc, "claims-by-actor", {"actor": f"{DEFAULT_BASE}actor/zelensky"}, "text/csv")
    assert short == full and short[0] == 200 and short[1].count(b"\n") > 3
