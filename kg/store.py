"""Load the built graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph (one per article, plus the registry and the ontology) is sent with one PUT,
which replaces that graph whole in one request: loading twice leaves the store as loading
once, and a load cut short converges when it is run again.
"""

from __future__ import annotations

import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

Progress = Callable[[int, int, str], None]


class StoreError(Exception):
    """The store could not be reached or refused a request; the message says which and why."""


@dataclass(frozen=True)
class Endpoints:
    """Where a store takes graphs (Graph Store Protocol) and answers queries."""

    graphs: str
    query: str | None = None

    @classmethod
    def fuseki(cls, server: str, dataset: str) -> Endpoints:
        """Fuseki's layout: ``/NAME/data`` for graphs, ``/NAME/query`` for queries."""
        root = server.rstrip("/")
        return cls(f"{root}/{dataset}/data", f"{root}/{dataset}/query")


@dataclass(frozen=True)
class Report:
    graphs: int
    triples: int
    pruned: tuple[str, ...]
    seconds: float


def graphs_in(nquads: Path) -> dict[str, bytes]:
    """The N-Triples of each named graph of a built ``kg.nq``, by graph IRI."""
    grouped: dict[str, list[str]] = defaultdict(list)
    try:
        for quad in pyoxigraph.parse(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS):
            name = quad.graph_name
            key = name.value if isinstance(name, pyoxigraph.NamedNode) else ""
            grouped[key].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    except FileNotFoundError:
        raise StoreError(f"{nquads}: not found — run 'kg build' first, or pass --data") from None
    except SyntaxError as error:
        raise StoreError(f"{nquads}: not valid N-Quads: {error}") from None
    if "" in grouped:
        raise StoreError(f"{nquads}: has triples outside any named graph (expected kg build's output)")
    return {name: ("\n".join(sorted(lines)) + "\n").encode("utf-8") for name, lines in sorted(grouped.items())}


class Client:
    """HTTP with optional basic or digest credentials; every failure becomes a StoreError."""

    def __init__(
        self, *, user: str | None = None, password: str | None = None, auth: str = "basic", timeout: float = 60.0
    ) -> None:
        # Prior-auth for basic sends the credentials with the first request, so a PUT's body is
        # not sent twice; digest needs the server's challenge first.
        self._passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
        self._credentials = (user, password or "") if user is not None else None
        handler: urllib.request.BaseHandler = (
            urllib.request.HTTPDigestAuthHandler(self._passwords)
            if auth == "digest"
            else urllib.request.HTTPBasicAuthHandler(self._passwords)
        )
        self._opener = urllib.request.build_opener(handler)
        self._prior = auth == "basic"
        self.timeout = timeout

    def send(self, method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
        if self._credentials is not None:
            self._passwords.add_password(None, _site(url), *self._credentials, is_authenticated=self._prior)
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body: bytes = answer.read()
                return body
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise StoreError(
                    f"{_site(url)} refused the credentials (HTTP {error.code}) — "
                    "check --user/--password or KG_STORE_USER/KG_STORE_PASSWORD"
                ) from None
            first = error.read().decode("utf-8", "replace").strip().splitlines()
            said = f": {first[0][:200]}" if first else ""
            raise StoreError(f"{_site(url)} answered HTTP {error.code} to {method} {_path(url)}{said}") from None
        except TimeoutError:
            raise StoreError(f"{_site(url)} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise StoreError(f"{_site(url)} did not answer within {self.timeout:g} s") from None
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
            raise StoreError(f"cannot reach {_site(url)}: {text.lower()} — is the server running?") from None
        except (ConnectionError, OSError) as error:
            raise StoreError(f"lost the connection to {_site(url)}: {error}") from None


def load(
    graphs: dict[str, bytes],
    endpoints: Endpoints,
    client: Client,
    *,
    prune_under: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Replace each graph in the store; with ``prune_under``, delete that prefix's other graphs."""
    started = time.monotonic()
    triples = 0
    for done, (name, body) in enumerate(graphs.items(), start=1):
        client.send("PUT", _graph_url(endpoints.graphs, name), body, {"Content-Type": "application/n-triples"})
        triples += body.count(b"\n")
        if progress:
            progress(done, len(graphs), name)
    pruned: list[str] = []
    if prune_under is not None:
        if endpoints.query is None:
            raise StoreError("--prune needs the store's query endpoint (--query-endpoint URL)")
        for name in stored_graphs(endpoints.query, client):
            if name.startswith(prune_under) and name not in graphs:
                client.send("DELETE", _graph_url(endpoints.graphs, name))
                pruned.append(name)
    return Report(len(graphs), triples, tuple(pruned), time.monotonic() - started)


def stored_graphs(query_endpoint: str, client: Client) -> list[str]:
    """The names of the store's non-empty named graphs."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = client.send(
        "POST",
        query_endpoint,
        urllib.parse.urlencode({"query": query}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    try:
        bindings = json.loads(body)["results"]["bindings"]
        return sorted(b["g"]["value"] for b in bindings)
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"{_site(query_endpoint)} answered with something that is not SPARQL JSON results") from None


def ensure_fuseki_dataset(server: str, dataset: str, client: Client, *, db_type: str = "tdb2") -> bool:
    """Check Fuseki answers ``/$/ping``; create ``dataset`` with the admin API if missing.

    Returns whether it was created.
    """
    root = server.rstrip("/")
    client.send("GET", f"{root}/$/ping")
    try:
        client.send("GET", f"{root}/$/datasets/{urllib.parse.quote(dataset)}")
        return False
    except StoreError as error:
        if "HTTP 404" not in str(error):
            raise
    form = urllib.parse.urlencode({"dbName": dataset, "dbType": db_type}).encode()
    client.send("POST", f"{root}/$/datasets", form, {"Content-Type": "application/x-www-form-urlencoded"})
    return True


def progress_bar(done: int, total: int, name: str) -> None:
    """A one-line progress bar on a terminal's stderr; nothing when stderr is a file."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\rloading [{'#' * filled}{'.' * (width - filled)}] {done}/{total} graphs")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _graph_url(endpoint: str, name: str) -> str:
    joiner = "&" if "?" in endpoint else "?"
    return f"{endpoint}{joiner}{urllib.parse.urlencode({'graph': name})}"


def _site(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path or "/"
