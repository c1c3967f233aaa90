"""Load the built graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph (one per article, plus the registry and the ontology) is sent with one PUT,
which replaces that graph whole in one request: loading twice leaves the store as loading
once, and a load cut short converges when it is run again.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import StoreError, shown
from kg.store_options import ENV_CREDENTIALS, PRUNE_NEEDS_QUERY, OptionError

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Reply:
    """What a server answered: its status, its media type (without parameters) and its body."""

    status: int
    media_type: str
    body: bytes


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
    counted: bool  # whether the store's count of each graph was checked against what was sent
    into: str = ""  # the store's Graph Store Protocol URL
    created: bool = False  # whether the Fuseki dataset was made for this load


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
    return {name: ("\n".join(sorted(set(lines))) + "\n").encode("utf-8") for name, lines in sorted(grouped.items())}


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

    def send(self, method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        """Send one request; a 2xx answer comes back as a Reply, anything else as a StoreError."""
        if self._credentials is not None:
            self._passwords.add_password(None, _site(url), *self._credentials, is_authenticated=self._prior)
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        said = f"{method} {_path(url)}"
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                media_type = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return Reply(answer.status, media_type, answer.read())
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise StoreError(
                    f"{_site(url)} refused the credentials (HTTP {error.code}) — check --user/--password or "
                    f"{ENV_CREDENTIALS}"
                ) from None
            first = _first_line(error)
            raise StoreError(f"{_site(url)} answered HTTP {error.code} to {said}{first}") from None
        except TimeoutError:
            raise StoreError(f"{_site(url)} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise StoreError(f"{_site(url)} did not answer within {self.timeout:g} s") from None
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
            raise StoreError(f"cannot reach {_site(url)}: {text.lower()} — is the server running?") from None
        except http.client.IncompleteRead:
            raise StoreError(f"{_site(url)} cut its answer to {said} short") from None
        except http.client.HTTPException:  # a status line or headers that are not HTTP
            hint = "is that the store's address and port?"
            raise StoreError(f"{_site(url)} did not answer {said} in HTTP — {hint}") from None
        except (ConnectionError, OSError) as error:
            raise StoreError(f"lost the connection to {_site(url)}: {error}") from None
        except ValueError as error:  # urllib's own refusals (a redirect to a strange place, say)
            raise StoreError(f"cannot send {said} to {_site(url)}: {error}") from None


def load(
    graphs: dict[str, bytes],
    endpoints: Endpoints,
    client: Client,
    *,
    prune_under: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Replace each graph in the store; with ``prune_under``, delete that prefix's other graphs.

    Success is checked, not assumed: each reply must say the graph was stored (a web page or a
    count other than the one sent is an error) and, when the store's query endpoint is known,
    one query afterwards must count in each graph the triples that were sent.
    """
    if prune_under is not None and endpoints.query is None:
        raise OptionError(PRUNE_NEEDS_QUERY)
    started = time.monotonic()
    sent: dict[str, int] = {}
    for done, (name, body) in enumerate(graphs.items(), start=1):
        url = _graph_url(endpoints.graphs, name)
        sent[name] = body.count(b"\n")
        _check_put(client.send("PUT", url, body, {"Content-Type": "application/n-triples"}), url, name, sent[name])
        if progress:
            progress(done, len(graphs), name)
    if endpoints.query is not None:
        _check_counts(stored_counts(endpoints.query, list(graphs), client), sent, endpoints.query)
    pruned: list[str] = []
    if prune_under is not None and endpoints.query is not None:
        for name in stored_graphs(endpoints.query, client):
            if name.startswith(prune_under) and name not in graphs:
                client.send("DELETE", _graph_url(endpoints.graphs, name))
                pruned.append(name)
    seconds = time.monotonic() - started
    counted = endpoints.query is not None
    return Report(len(graphs), sum(sent.values()), tuple(pruned), seconds, counted, endpoints.graphs)


def _check_put(reply: Reply, url: str, name: str, sent: int) -> None:
    # The Graph Store Protocol answers 201 Created or 200/204; a web server's catch-all page or
    # a login page says 200 too, so a 200 that is a web page is not taken for success.
    if reply.status not in (200, 201, 204):
        raise StoreError(f"{_site(url)} answered PUT {_path(url)} with HTTP {reply.status}, not 200, 201 or 204")
    if reply.status == 200 and reply.media_type in ("text/html", "application/xhtml+xml"):
        raise StoreError(
            f"{_site(url)} answered PUT {_path(url)} with a web page (HTTP 200, {reply.media_type}) — "
            "is it the store's Graph Store Protocol URL?"
        )
    if reply.media_type == "application/json":  # Fuseki says how many triples it parsed
        try:
            counted = json.loads(reply.body).get("tripleCount")
        except (ValueError, AttributeError):
            counted = None
        if isinstance(counted, int) and counted != sent:
            raise StoreError(f"{_site(url)} stored {counted} triples of the {sent} sent to graph {name}")


def _check_counts(stored: dict[str, int], sent: dict[str, int], query_endpoint: str) -> None:
    wrong = [(name, stored.get(name, 0), count) for name, count in sent.items() if stored.get(name, 0) != count]
    if wrong:
        name, held, count = wrong[0]
        more = f" (and {len(wrong) - 1} more graphs differ)" if len(wrong) > 1 else ""
        raise StoreError(
            f"{_site(query_endpoint)} holds {held} triples in graph {name} after the load, not the {count} sent{more}"
        )


def stored_counts(query_endpoint: str, names: list[str], client: Client) -> dict[str, int]:
    """The number of triples the store holds in each of the graphs ``names`` (one query)."""
    values = " ".join(str(pyoxigraph.NamedNode(name)) for name in names)
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    try:
        return {b["g"]["value"]: int(b["n"]["value"]) for b in _select(query_endpoint, query, client)}
    except (KeyError, TypeError, ValueError):
        raise StoreError(f"{_site(query_endpoint)} answered with something that is not SPARQL JSON results") from None


def stored_graphs(query_endpoint: str, client: Client) -> list[str]:
    """The names of the store's non-empty named graphs."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    try:
        return sorted(b["g"]["value"] for b in _select(query_endpoint, query, client))
    except (KeyError, TypeError):
        raise StoreError(f"{_site(query_endpoint)} answered with something that is not SPARQL JSON results") from None


def _select(query_endpoint: str, query: str, client: Client) -> list[dict[str, dict[str, str]]]:
    reply = client.send(
        "POST",
        query_endpoint,
        urllib.parse.urlencode({"query": query}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    try:
        bindings = json.loads(reply.body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"{_site(query_endpoint)} answered with something that is not SPARQL JSON results") from None
    if not isinstance(bindings, list):
        raise StoreError(f"{_site(query_endpoint)} answered with something that is not SPARQL JSON results")
    return bindings


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


def _graph_url(endpoint: str, name: str) -> str:
    joiner = "&" if "?" in endpoint else "?"
    return f"{endpoint}{joiner}{urllib.parse.urlencode({'graph': name})}"


def _first_line(error: urllib.error.HTTPError) -> str:
    try:
        first = error.read().decode("utf-8", "replace").strip().splitlines()
    except (OSError, http.client.HTTPException):
        return ""
    return f": {shown(first[0][:200], 100)}" if first else ""


def _site(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path or "/"
