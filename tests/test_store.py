"""kg load against real servers: Fuseki (started from the Jena jar) and Oxigraph, plus small
local HTTP servers that misbehave on purpose for the fault tests."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import free_port, fuseki_server, oxigraph_server
from support import ROOT, assert_same_graph

from kg import store
from kg.cli import main
from kg.query import bind, load_store, read_queries, run_local, run_remote
from kg.vocab import DEFAULT_BASE

QUERIES = read_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def nquads(built: Path) -> Path:
    return built / "kg.nq"


def counts(query_endpoint: str) -> dict[str, int]:
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    answer = run_remote(text, query_endpoint)
    return {str(g): int(str(n)) for g, n in answer.rows}


def expected_counts(nquads: Path) -> dict[str, int]:
    return {name: body.count(b"\n") for name, body in store.graphs_in(nquads).items()}


@pytest.fixture(scope="module")
def fuseki(jena_jar: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fuseki_server(jena_jar, tmp_path_factory.mktemp("fuseki")) as (url, _):
        yield url


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    with oxigraph_server() as url:
        yield url


def test_load_into_fuseki_creates_the_dataset_and_is_idempotent(
    fuseki: str, nquads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--fuseki", fuseki, "--dataset", "seeds", "--data", str(nquads)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created Fuseki dataset 'seeds' (tdb2)\nloaded 7 graphs, ")
    first = counts(f"{fuseki}/seeds/query")
    assert first == expected_counts(nquads)
    assert main(["load", "--fuseki", fuseki, "--dataset", "seeds", "--data", str(nquads)]) == 0
    assert "created" not in capsys.readouterr().out
    assert counts(f"{fuseki}/seeds/query") == first


def test_load_into_oxigraph_through_the_graph_store_protocol(oxigraph: str, nquads: Path) -> None:
    for _ in range(2):
        assert main(["load", "--endpoint", f"{oxigraph}/store", "--data", str(nquads)]) == 0
    assert counts(f"{oxigraph}/query") == expected_counts(nquads)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_saved_query_agrees_on_three_engines(name: str, fuseki: str, oxigraph: str, nquads: Path) -> None:
    for endpoint in (f"{oxigraph}/store",):
        assert main(["load", "--endpoint", endpoint, "--data", str(nquads)]) == 0
    assert main(["load", "--fuseki", fuseki, "--dataset", "seeds", "--data", str(nquads)]) == 0
    text = bind(QUERIES[name], {}, base=DEFAULT_BASE)
    local = run_local(text, load_store(nquads))
    for remote in (run_remote(text, f"{fuseki}/seeds/query"), run_remote(text, f"{oxigraph}/query")):
        if local.graph is not None:
            assert remote.graph is not None
            assert_same_graph(remote.graph, local.graph)
        else:
            assert (remote.boolean, remote.variables) == (local.boolean, local.variables)
            assert sorted(map(repr, remote.rows)) == sorted(map(repr, local.rows))


def test_prune_removes_graphs_of_articles_that_are_gone_and_nothing_else(
    fuseki: str,
    nquads: Path,
    seeds_result,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    dataset = f"{fuseki}/prune"
    assert main(["load", "--fuseki", fuseki, "--dataset", "prune", "--data", str(nquads)]) == 0
    client = store.Client()
    foreign = "http://other.example/g"
    client.send(
        "PUT",
        f"{dataset}/data?graph={foreign}",
        b"<http://a> <http://b> <http://c> .\n",
        {"Content-Type": "application/n-triples"},
    )
    gone = f"{DEFAULT_BASE}graph/bgnes-2026-02-12-us-ukraine-security-talks"
    smaller = tmp_path / "kg.nq"
    smaller.write_bytes(
        b"".join(line + b"\n" for line in nquads.read_bytes().splitlines() if f"<{gone}>" not in line.decode())
    )
    capsys.readouterr()
    assert main(["load", "--fuseki", fuseki, "--dataset", "prune", "--data", str(smaller), "--prune"]) == 0
    assert capsys.readouterr().out.endswith(f"pruned 1 graph\n  {gone}\n")
    remaining = counts(f"{dataset}/query")
    assert gone not in remaining and foreign in remaining
    assert len(remaining) == 7


def test_a_load_killed_half_way_converges_when_run_again(
    jena_jar: Path, nquads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    graphs = store.graphs_in(nquads)
    with fuseki_server(jena_jar, tmp_path, port) as (url, process):
        store.ensure_fuseki_dataset(url, "kg", store.Client())

        def kill_after_two(done: int, total: int, name: str) -> None:
            if done == 2:
                process.kill()
                process.wait()

        with pytest.raises(store.StoreError, match="cannot reach|lost the connection"):
            store.load(graphs, store.Endpoints.fuseki(url, "kg"), store.Client(timeout=10), progress=kill_after_two)
    with fuseki_server(jena_jar, tmp_path, port) as (url, _):
        assert counts(f"{url}/kg/query") != expected_counts(nquads), "the first load was cut short"
        store.load(graphs, store.Endpoints.fuseki(url, "kg"), store.Client())
        assert counts(f"{url}/kg/query") == expected_counts(nquads)


# --- faults ----------------------------------------------------------------------------------


@contextmanager
def misbehaving_server(kind: str) -> Iterator[str]:
    """A local HTTP server that demands a password, fails, or never answers."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
            if kind == "slow":
                time.sleep(3)
            if kind == "auth" and self.headers.get("Authorization") != "Basic dXNlcjpyaWdodA==":
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.end_headers()
                return
            self.send_response(500 if kind == "error" else 201)
            self.end_headers()
            self.wfile.write(b"Internal failure: disk full\nmore detail\n" if kind == "error" else b"")

        def do_POST(self) -> None:  # noqa: N802 - a query endpoint that answers with a web page
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>not SPARQL</html>")

        def log_message(self, *args: object) -> None:
            pass

    class QuietServer(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the slow case's client hangs up by design; its broken pipe is expected

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_load(url: str, nquads: Path, *extra: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["load", "--endpoint", f"{url}/store", "--data", str(nquads), *extra])
    return code, out.getvalue(), err.getvalue()


def test_a_server_that_is_down_gives_one_clear_line(nquads: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert run_load(url, nquads) == (1, "", f"kg: cannot reach {url}: connection refused — is the server running?\n")


def test_wrong_credentials_are_named_without_printing_the_password(nquads: Path) -> None:
    with misbehaving_server("auth") as url:
        code, out, err = run_load(url, nquads, "--user", "user", "--password", "wrong-secret")
        assert (code, out) == (1, "")
        hint = "check --user/--password or KG_STORE_USER/KG_STORE_PASSWORD"
        assert err == f"kg: {url} refused the credentials (HTTP 401) — {hint}\n"
        assert "wrong-secret" not in err
        assert run_load(url, nquads, "--user", "user", "--password", "right")[0] == 0


def test_a_server_error_is_reported_with_its_first_line(nquads: Path) -> None:
    with misbehaving_server("error") as url:
        code, _, err = run_load(url, nquads)
    assert code == 1
    assert err.startswith(f"kg: {url} answered HTTP 500 to PUT /store: Internal failure: disk full\n")


def test_a_silent_server_times_out(nquads: Path) -> None:
    with misbehaving_server("slow") as url:
        assert run_load(url, nquads, "--timeout", "0.5") == (1, "", f"kg: {url} did not answer within 0.5 s\n")


def test_a_missing_build_is_an_error(tmp_path: Path) -> None:
    assert run_load("http://127.0.0.1:1", tmp_path / "kg.nq")[0] == 1


def test_a_garbage_answer_is_named(nquads: Path) -> None:
    with misbehaving_server("ok") as url:
        code, _, err = run_load(url, nquads, "--prune", "--query-endpoint", f"{url}/query")
    assert (code, err) == (1, f"kg: {url} answered with something that is not SPARQL JSON results\n")
