"""rdflib's Turtle writer, the same bytes, without asking the same question thousands of times.

For every node of every triple rdflib looks up a prefixed name; for the data's own IRIs
(``https://example.org/kg/article/…``) there is none, the namespace manager does not remember
a failed look-up, and the search is repeated each time. Worse, each look-up files the IRI's
namespace (``…/article/x/claim/``) in a trie whose insertion scans its siblings: the writer's
time grew with the square of the articles (1,000 articles: 71 s). Here each answer is
remembered for one document, and an IRI that no bound namespace can shorten is answered
without the look-up: rdflib picks the namespace from split_uri, or a longer one in its trie
that also starts the IRI, and only a bound one gives a name; namespaces filed from other IRIs
can never be such a longer one (split_uri ends each at a name-start character after the last
non-name character). Only a look-up that mints a prefix (``ns1:``, for a predicate) changes
the bound namespaces; the memory is cleared when one does.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import split_uri
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

_Parts = tuple[str, URIRef, str] | None  # prefix, namespace, local name; None: write the full IRI


def turtle(graph: Graph) -> bytes:
    """``graph`` as rdflib's ``graph.serialize(format="turtle", encoding="utf-8")`` writes it."""
    return TurtleWriter().write(graph)


class TurtleWriter:
    """Writes graphs one after the other; the answers are shared while the bound namespaces
    stay the same (the named graphs of one dataset)."""

    def __init__(self) -> None:
        self._bindings: list[tuple[str, str]] = []
        self._parts: dict[tuple[Node, bool], _Parts] = {}

    def write(self, graph: Graph) -> bytes:
        """``graph`` as rdflib's ``graph.serialize(format="turtle", encoding="utf-8")`` writes it."""
        bindings = sorted((prefix, str(namespace)) for prefix, namespace in graph.namespaces())
        if bindings != self._bindings:
            self._bindings, self._parts = bindings, {}
        stream = BytesIO()
        _RememberingTurtle(graph, self._parts).serialize(stream, encoding="utf-8")
        return stream.getvalue()


class _RememberingTurtle(TurtleSerializer):
    def __init__(self, store: Graph, parts: dict[tuple[Node, bool], _Parts]) -> None:
        self._parts = parts
        super().__init__(store)

    def reset(self) -> None:
        super().reset()
        self._bound = {str(namespace) for _, namespace in self.store.namespaces()}

    def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
        key = (uri, gen_prefix)
        if key in self._parts:
            parts = self._parts[key]
        else:
            parts = self._look_up(uri, gen_prefix)
            if parts is not None and str(parts[1]) not in self._bound:  # rdflib minted a prefix (ns1:)
                self._parts.clear()  # other answers may change
                self._bound = {str(namespace) for _, namespace in self.store.namespaces()}
            self._parts[key] = parts
        if parts is None:
            return None
        prefix, namespace, local = parts
        return f"{self.addNamespace(prefix, namespace)}:{local}"

    def _look_up(self, uri: Node, gen_prefix: bool) -> _Parts:
        """rdflib's get_pname (7.x) up to where it registers the prefix, which the caller does."""
        if not isinstance(uri, URIRef):
            return None
        if not gen_prefix and self._unshortenable(uri):
            return None
        parts: Any
        try:
            parts = self.store.compute_qname(uri, generate=gen_prefix)
        except Exception:
            prefix = self.store.store.prefix(uri)
            if prefix is None:
                return None
            parts = (prefix, uri, "")
        prefix, namespace, local = parts
        local = local.replace("(", r"\(").replace(")", r"\)")
        local = self.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX.sub("\\%", local)
        if local.endswith("."):
            return None
        return prefix, namespace, local

    def _unshortenable(self, uri: URIRef) -> bool:
        """True when rdflib's look-up would fail: no bound namespace starts ``uri`` and is at
        least as long as the namespace split_uri gives it."""
        try:
            namespace, _ = split_uri(uri)
        except ValueError:
            return False  # rdflib fails fast on these itself
        return not any(uri.startswith(bound) and len(bound) >= len(namespace) for bound in self._bound)
