"""kg load --tdb2: a Jena TDB2 database built offline, served by a real Fuseki with --loc, holds
the same quads in every graph as a load over the Graph Store Protocol into another Fuseki."""

from __future__ import annotations

import shlex
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from servers import free_port, fuseki_server, running
from test_store import run_kg

from kg import store, tdb2


def quads_of(graph_store: str, names: list[str]) -> dict[str, set[str]]:
    """Each graph's triples, fetched with a Graph Store Protocol GET and parsed."""
    found: dict[str, set[str]] = {}
    for name in names:
        url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            body = answer.read()
        found[name] = {str(t) for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)}
    return found


def test_a_tdb2_database_serves_the_same_quads_per_graph_as_a_load_over_http(
    jena_jar: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_JENA_JAR", str(jena_jar))
    nquads, database = built / "kg.nq", tmp_path / "kg-tdb2"
    code, out, err = run_kg("load", "--tdb2", str(database), "--data", str(nquads), "--dataset", "seeds")
    assert (code, err) == (0, "")
    first, serve = out.splitlines()
    quads = sum(1 for line in nquads.read_text(encoding="utf-8").splitlines() if line)
    assert first.startswith(f"built TDB2 database {database}: 7 graphs, {quads} quads in ")
    assert first.endswith(f" s; its count of every graph matches {nquads}")
    assert serve.startswith("serve it with: ") and serve.endswith(
        f" -jar {jena_jar} --loc {database} --set tdb2:unionDefaultGraph=true /seeds"
    )
    names = list(store.graphs_in(nquads))
    port = free_port()
    *command, name = shlex.split(serve.removeprefix("serve it with: "))
    command = [*command, "--port", str(port), "--localhost", name]  # options go before the dataset's name
    offline = f"http://127.0.0.1:{port}/seeds"
    with running(command, f"{offline}/query?query=ASK%7B%7D") as fuseki_on_tdb2:
        # served as printed: the default graph is the union of the named graphs, as saved queries expect
        assert store.stored_counts(f"{offline}/query", names, store.Client()) == {
            name: body.count(b"\n") for name, body in store.graphs_in(nquads).items()
        }
        union = store.Client().send("GET", f"{offline}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
        assert b"true" in union.body
        with fuseki_server(jena_jar, tmp_path / "fuseki") as (url, _):
            assert run_kg("load", "--fuseki", url, "--dataset", "gsp", "--data", str(nquads))[0] == 0
            over_http = quads_of(f"{url}/gsp/data", names)
        from_tdb2 = quads_of(f"{offline}/data", names)
        for name in names:
            only_tdb2, only_http = from_tdb2[name] - over_http[name], over_http[name] - from_tdb2[name]
            assert not only_tdb2 and not only_http, (name, sorted(only_tdb2)[:5], sorted(only_http)[:5])
        assert sum(map(len, from_tdb2.values())) == quads
        # a database that a running Fuseki holds is not replaced under its feet
        code, _, err = run_kg("load", "--tdb2", str(database), "--data", str(nquads))
        holder = f"is in use by process {fuseki_on_tdb2.pid} (a Fuseki serving it?)"
        assert (code, err) == (2, f"kg: --tdb2 {database}: {holder} — stop it first, or build into another folder\n")


def test_a_rebuild_replaces_kgs_database_and_a_failed_one_leaves_it_whole(
    jena_jar: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nquads, database = built / "kg.nq", tmp_path / "db"
    monkeypatch.setenv("KG_JENA_JAR", str(jena_jar))
    assert run_kg("load", "--tdb2", str(database), "--data", str(nquads))[0] == 0
    code, out, _ = run_kg("load", "--tdb2", str(database), "--data", str(nquads))
    assert code == 0 and out.startswith(f"rebuilt TDB2 database {database}: 7 graphs")
    before = {p.relative_to(database): p.stat().st_size for p in database.rglob("*")}
    not_jena = tmp_path / "not-jena.jar"
    not_jena.write_bytes(b"")
    monkeypatch.setenv("KG_JENA_JAR", str(not_jena))
    code, out, err = run_kg("load", "--tdb2", str(database), "--data", str(nquads))
    assert (code, out) == (1, "")
    assert err.startswith("kg: Jena's tdb2.tdbloader failed: ") and err.count("\n") == 1
    assert {p.relative_to(database): p.stat().st_size for p in database.rglob("*")} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "not-jena.jar"], "no staging folder is left"
    assert tdb2.made_by_kg(database)


def test_a_failed_first_load_leaves_nothing(
    jena_jar: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_jena = tmp_path / "not-jena.jar"
    not_jena.write_bytes(b"")
    monkeypatch.setenv("KG_JENA_JAR", str(not_jena))
    assert run_kg("load", "--tdb2", str(tmp_path / "db"), "--data", str(built / "kg.nq"))[0] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["not-jena.jar"]


@pytest.mark.parametrize("kind", ["a file in it", "empty but a file", "a kg-like folder without the marker"])
def test_a_folder_kg_did_not_make_is_left_alone(
    kind: str, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_JENA_JAR", str(tmp_path / "unused.jar"))
    monkeypatch.setenv("PATH", str(_fake_java(tmp_path)))
    target = tmp_path / "mine"
    if kind == "empty but a file":
        target.write_text("notes\n")
        why = "exists and is not a folder — give a new folder's path"
    else:
        target.mkdir()
        (target / ("notes.txt" if kind == "a file in it" else "Data-0001")).write_text("mine\n")
        why = "exists and is not a TDB2 database made by kg, so it is left alone — give a new folder's path, or remove this one yourself"  # noqa: E501
    (tmp_path / "unused.jar").write_bytes(b"")
    snapshot = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    code, out, err = run_kg("load", "--tdb2", str(target), "--data", str(built / "kg.nq"))
    assert (code, out, err) == (2, "", f"kg: --tdb2 {target}: {why}\n")
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == snapshot


def test_without_java_or_the_jar_the_fix_is_named(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, data = str(tmp_path / "db"), str(built / "kg.nq")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run_kg("load", "--tdb2", target, "--data", data)
    assert (code, err) == (
        2,
        "kg: --tdb2 needs Java 17 or later, and 'java' is not on PATH — install it "
        "(e.g. 'sudo apt-get install openjdk-17-jre-headless') or set JAVA_HOME\n",
    )
    monkeypatch.setenv("PATH", str(_fake_java(tmp_path)))
    monkeypatch.setenv("KG_JENA_JAR", str(tmp_path / "nowhere.jar"))
    code, _, err = run_kg("load", "--tdb2", target, "--data", data)
    assert (code, err) == (
        2,
        f"kg: --tdb2 needs the Apache Jena jar, and there is none at {tmp_path / 'nowhere.jar'} ($KG_JENA_JAR) — "
        "run scripts/fetch-jena, which caches it there, or set KG_JENA_JAR to a jena-fuseki-server jar\n",
    )
    monkeypatch.delenv("KG_JENA_JAR")
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    jar = tmp_path / "cache" / "jena" / tdb2.JAR_NAME
    assert run_kg("load", "--tdb2", target, "--data", data)[2].startswith(
        f"kg: --tdb2 needs the Apache Jena jar, and there is none at {jar} (the cache) — run scripts/fetch-jena"
    )
    assert not (tmp_path / "db").exists()


def test_prune_has_no_meaning_with_tdb2(tmp_path: Path) -> None:
    code, _, err = run_kg("load", "--tdb2", str(tmp_path / "db"), "--prune")
    assert (code, err) == (2, "kg: --prune is for a running store: --tdb2 builds the whole database anew\n")


def _fake_java(folder: Path) -> Path:
    """A folder with a 'java' that is never run (the refusals come first)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    java = bin_dir / "java"
    java.write_text("#!/bin/sh\nexit 99\n")
    java.chmod(0o755)
    return bin_dir


@pytest.mark.timeout(60)
def test_a_tool_that_writes_more_than_a_pipe_holds_does_not_hang(tmp_path: Path) -> None:
    # Jena's count of 3,000 graphs is a megabyte of JSON on stdout while its log goes to stderr
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho starting >&2\nhead -c 1000000 /dev/zero | tr '\\0' x\necho done >&2\n")
    java.chmod(0o755)
    logged: list[str] = []
    out = tdb2._run(tdb2.Jena(str(java), tmp_path / "unused.jar"), ["tdb2.tdbquery"], logged.append)
    assert (len(out), logged) == (1_000_000, ["starting", "done"])
