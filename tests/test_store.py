"""kg load against real servers: Fuseki (started from the Jena jar) and Oxigraph, plus small
local HTTP servers that misbehave on purpose for the fault tests."""

from __future__ import annotations

import contextlib
import http.server
import io
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    return {g.value: int(n.value) for g, n in answer.rows if g and n}


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
def misbehaving_server(kind: str, requests: list[str] | None = None) -> Iterator[str]:
    """A local HTTP server that demands a password, fails, never answers, answers a PUT with a
    web page, or forgets what it was sent; every request line is appended to ``requests``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
            if requests is not None:
                requests.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if kind == "slow":
                time.sleep(3)
            if kind == "auth" and self.headers.get("Authorization") != "Basic dXNlcjpyaWdodA==":
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.end_headers()
                return
            if kind == "html":  # a web server's catch-all page, not a store
                self.reply(200, "text/html", b"<html><body>Welcome!</body></html>")
            elif kind == "miscounting":  # Fuseki's reply, with a count that is not what was sent
                self.reply(200, "application/json", b'{ "count" : 1 , "tripleCount" : 1 , "quadCount" : 0 }')
            elif kind == "forgetful":
                self.reply(204, None, b"")
            else:
                self.send_response(500 if kind == "error" else 201)
                self.end_headers()
                self.wfile.write(b"Internal failure: disk full\nmore detail\n" if kind == "error" else b"")

        def do_POST(self) -> None:  # noqa: N802 - a query endpoint
            if requests is not None:
                requests.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if kind == "forgetful":  # valid SPARQL results: the graphs it was sent are empty
                self.reply(
                    200,
                    "application/sparql-results+json",
                    b'{"head": {"vars": ["g", "n"]}, "results": {"bindings": []}}',
                )
            else:  # a web page
                self.reply(200, "text/html", b"<html>not SPARQL</html>")

        def reply(self, status: int, content_type: str | None, body: bytes) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

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


@contextmanager
def garbage_server() -> Iterator[str]:
    """A TCP server that answers every connection with a line that is not HTTP, and hangs up."""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(5)
            with contextlib.suppress(OSError):
                self.request.recv(65536)
                self.wfile.write(b"SSH-2.0-OpenSSH_9.2 garbage\r\n\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_load(url: str, nquads: Path, *extra: str) -> tuple[int, str, str]:
    return run_kg("load", "--endpoint", f"{url}/store", "--data", str(nquads), *extra)


def run_kg(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
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


# --- issue 14 item 15: every option is checked before any work; every failure is one line ---


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--endpoint", "not a url"],
            "--endpoint 'not a url' is not an http:// or https:// URL (expected http://HOST:PORT/PATH)",
        ),
        (["--endpoint", "http://[::1/store"], "--endpoint 'http://[::1/store' is not a URL: invalid IPv6 URL"),
        (
            ["--endpoint", "http://h:99999/store"],
            "--endpoint 'http://h:99999/store' has a port that is not a number from 1 to 65535",
        ),
        (["--endpoint", "http:///store"], "--endpoint 'http:///store' has no host (expected http://HOST:PORT/PATH)"),
        (
            ["--endpoint", "http://h/a b"],
            "--endpoint 'http://h/a b' holds U+0020, which a URL cannot hold — percent-encode it",
        ),
        (
            ["--endpoint", "http://h/store#x"],
            "--endpoint 'http://h/store#x' has a fragment (#…), which would swallow the graph's name",
        ),
        (
            ["--endpoint", "http://" + "a" * 64 + ".example/"],
            "--endpoint 'http://" + "a" * 64 + ".example/' has a host that is neither a host name nor an IP address",
        ),
        (
            ["--endpoint", "http://u:s3cret@h/store"],
            "--endpoint holds a user name or password — pass --user and --password"
            " (or KG_STORE_USER/KG_STORE_PASSWORD) instead",
        ),
        (
            ["--fuseki", "localhost:3030"],
            "--fuseki 'localhost:3030' is not an http:// or https:// URL (expected http://HOST:PORT/PATH)",
        ),
        (
            ["--fuseki", "http://h:3030", "--dataset", "a b"],
            "--dataset 'a b' is not a Fuseki dataset name (letters, digits, '_', '-', '.')",
        ),
        (
            ["--endpoint", "http://h/store", "--query-endpoint", "h/query"],
            "--query-endpoint 'h/query' is not an http:// or https:// URL (expected http://HOST:PORT/PATH)",
        ),
        (
            ["--endpoint", "http://h/store", "--timeout", "-1"],
            "--timeout '-1' is not a number of seconds from 0.001 to 86400",
        ),
        (
            ["--endpoint", "http://h/store", "--timeout", "nan"],
            "--timeout 'nan' is not a number of seconds from 0.001 to 86400",
        ),
        (
            ["--endpoint", "http://h/store", "--timeout", "soon"],
            "--timeout 'soon' is not a number of seconds from 0.001 to 86400",
        ),
        (
            ["--endpoint", "http://h/store", "--prune"],
            "--prune needs the store's query endpoint: give --query-endpoint URL (or use --fuseki)",
        ),
        (
            ["--endpoint", "http://h/store", "--user", "a\nb"],
            "--user holds a control character, which an HTTP header cannot carry",
        ),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2_before_any_work(tmp_path: Path, argv: list[str], message: str) -> None:
    # the data file is missing: an option error must come first
    assert run_kg("load", *argv, "--data", str(tmp_path / "missing.nq")) == (2, "", f"kg: {message}\n")


def test_the_password_in_a_url_is_never_printed(tmp_path: Path) -> None:
    _, out, err = run_kg("load", "--endpoint", "http://u:s3cret@h/store", "--data", str(tmp_path / "kg.nq"))
    assert "s3cret" not in out + err


def test_prune_without_a_query_endpoint_is_refused_before_any_graph_is_sent(nquads: Path) -> None:
    requests: list[str] = []
    with misbehaving_server("ok", requests) as url:
        code, out, err = run_load(url, nquads, "--prune")
    assert (code, out, requests) == (2, "", [])
    assert err.startswith("kg: --prune needs the store's query endpoint")


URL_PARTS = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "ftp", "", "http:", "javascript"]),
    st.sampled_from(["://", ":/", ":", "", ":///"]),
    st.sampled_from(["", "u@", "u:p@", "@"]),
    st.one_of(
        st.sampled_from(["127.0.0.1", "[::1]", "[::1", "::1", "localhost", "[fe80::1%eth0]", "[zz]", ""]),
        st.text(max_size=12),
    ),
    st.one_of(st.sampled_from(["", ":", ":0", ":80", ":99999", ":-1", ":x"]), st.text(max_size=6)),
    st.text(max_size=20),
)


def _url(parts: tuple[str, ...]) -> str:
    return "".join(parts)


def one_line(err: str) -> bool:
    return err.startswith("kg: ") and err.endswith("\n") and err.count("\n") == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(["--endpoint", "--fuseki", "--query-endpoint"]),
    value=st.one_of(URL_PARTS.map(_url), st.text()),
    timeout=st.one_of(st.none(), st.text(max_size=8), st.floats().map(repr)),
)
def test_any_option_value_is_refused_in_one_line_or_accepted(
    option: str, value: str, timeout: str | None, tmp_path: Path
) -> None:
    target = ["--endpoint=http://127.0.0.1:1/store"] if option == "--query-endpoint" else []
    argv = ["load", *target, f"{option}={value}", *([f"--timeout={timeout}"] if timeout is not None else [])]
    code, out, err = run_kg(*argv, "--data", str(tmp_path / "missing.nq"))
    assert out == "" and one_line(err), err
    # accepted options meet the missing data file, which proves nothing was tried before
    assert code == 2 or (code == 1 and err.endswith("not found — run 'kg build' first, or pass --data\n")), err


@settings(max_examples=60, deadline=None)
@given(tail=st.text(max_size=30))
def test_any_accepted_url_fails_on_the_network_in_one_line(nquads: Path, tail: str) -> None:
    url = f"http://127.0.0.1:{CLOSED}{tail}"
    code, out, err = run_kg("load", "--endpoint", url, "--data", str(nquads), "--timeout", "5")
    assert out == "" and one_line(err), err
    assert (
        code == 2 or err == f"kg: cannot reach http://127.0.0.1:{CLOSED}: connection refused — is the server running?\n"
    )


CLOSED = free_port()  # nothing listens there


def test_a_reply_that_is_not_http_is_one_line(nquads: Path) -> None:
    with garbage_server() as url:
        code, out, err = run_load(url, nquads)
    assert (code, out, err) == (
        1,
        "",
        f"kg: {url} did not answer PUT /store in HTTP — is that the store's address and port?\n",
    )


# --- issue 14 item 16: success is verified, not assumed ----------------------------------------


def test_a_web_page_in_reply_to_a_put_is_not_success(nquads: Path) -> None:
    with misbehaving_server("html") as url:
        code, out, err = run_load(url, nquads)
    hint = "is it the store's Graph Store Protocol URL?"
    assert (code, out, err) == (
        1,
        "",
        f"kg: {url} answered PUT /store with a web page (HTTP 200, text/html) — {hint}\n",
    )


def test_a_store_whose_count_of_a_put_differs_is_caught(nquads: Path) -> None:
    first = next(iter(store.graphs_in(nquads).items()))
    with misbehaving_server("miscounting") as url:
        code, out, err = run_load(url, nquads)
    sent = first[1].count(b"\n")
    assert (code, out, err) == (1, "", f"kg: {url} stored 1 triples of the {sent} sent to graph {first[0]}\n")


def test_a_store_that_forgets_the_graphs_fails_the_count_after_the_load(nquads: Path) -> None:
    graphs = store.graphs_in(nquads)
    name, body = next(iter(graphs.items()))
    with misbehaving_server("forgetful") as url:
        code, out, err = run_load(url, nquads, "--query-endpoint", f"{url}/query")
    more, sent = f" (and {len(graphs) - 1} more graphs differ)", body.count(b"\n")
    said = f"kg: {url} holds 0 triples in graph {name} after the load, not the {sent} sent{more}\n"
    assert (code, out, err) == (1, "", said)


def test_a_load_into_real_fuseki_is_verified_by_counts(fuseki: str, nquads: Path) -> None:
    code, out, err = run_kg("load", "--fuseki", fuseki, "--dataset", "verified", "--data", str(nquads))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].endswith("; the store's count of every graph matches")
    without = run_kg("load", "--endpoint", f"{fuseki}/verified/data", "--data", str(nquads))
    assert without[1].splitlines()[-1].endswith("; not counted (give --query-endpoint to check the store's counts)")
