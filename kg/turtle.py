"""rdflib's Turtle writer, the same bytes, without asking the same question thousands of times.

For every node of every triple rdflib looks up a prefixed name; for the data's own IRIs
(``https://example.org/kg/article/…``) there is none, the namespace manager does not remember
a failed look-up, and the search is repeated each time: half of the writer's time. Here each
answer is remembered for the length of one document. Only a look-up that mints a prefix
(``ns1:``, for a predicate) can change other answers; the memory is cleared when one does.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from rdflib import Graph, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

_Parts = tuple[str, URIRef, str] | None  # prefix, namespace, local name; None: write the full IRI


def turtle(graph: Graph) -> bytes:
    """``graph`` as rdflib's ``graph.serialize(format="turtle", encoding="utf-8")`` writes it."""
    stream = BytesIO()
    _RememberingTurtle(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


class _RememberingTurtle(TurtleSerializer):
    def reset(self) -> None:
        super().reset()
        self._parts: dict[tuple[Node, bool], _Parts] = {}

    def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
        key = (uri, gen_prefix)
        if key in self._parts:
            parts = self._parts[key]
        else:
            bound = len(list(self.store.namespaces())) if gen_prefix else 0
            parts = self._look_up(uri, gen_prefix)
            if gen_prefix and len(list(self.store.namespaces())) != bound:
                self._parts.clear()  # a new prefix was minted: other answers may change
            self._parts[key] = parts
        if parts is None:
            return None
        prefix, namespace, local = parts
        return f"{self.addNamespace(prefix, namespace)}:{local}"

    def _look_up(self, uri: Node, gen_prefix: bool) -> _Parts:
        """rdflib's get_pname (7.x) up to where it registers the prefix, which the caller does."""
        if not isinstance(uri, URIRef):
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
