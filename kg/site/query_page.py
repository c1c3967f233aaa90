"""The query page's files: ``query.html`` with the saved queries, and, with the engine, its
script, its configuration (``query/config.json``) and Oxigraph's browser build."""

from __future__ import annotations

import json
from typing import Any

from kg.iri import SHORT_IRI_PATHS
from kg.site import server_rules
from kg.site.graph_view import Label
from kg.site.pages import Pages
from kg.site.words import QUERY_MISSING, QUERY_NEEDS
from kg.vocab import KG, PREFIXES

QUERY_DUMP = "dump/kg.nq"  # what the query page loads: N-Quads, the format Oxigraph reads fastest
QUERY_EXAMPLE = """SELECT ?type (COUNT(?thing) AS ?count) WHERE {
  ?thing a ?type
}
GROUP BY ?type
ORDER BY DESC(?count) ?type
"""


def query_files(pages: Pages) -> dict[str, bytes]:
    """The query page, and with the engine its script, its configuration and Oxigraph's files."""
    site = pages.site
    here = server_rules.QUERY_PAGE
    queries: list[dict[str, Any]] = [
        {
            "name": q.name,
            "summary": q.summary,
            "form": q.form,
            "text": q.text,
            "parameters": [
                {
                    "name": p.name,
                    "kind": p.kind,
                    "required": p.required,
                    # labels in the site's language, as 'kg query --lang' gives them
                    "default": site.lang if p.name == "lang" and p.default else p.default,
                }
                for p in q.parameters
            ],
        }
        for q in site.queries
    ]
    values = {
        "engine": site.engine is not None,
        "endpoint": site.info.sparql_endpoint,
        "dump": QUERY_DUMP,
        "queries": queries,
        "example": QUERY_EXAMPLE,
        "needs": QUERY_NEEDS,
        "missing": QUERY_MISSING,
    }
    files = {here: pages.fill("query.html", pages.common(here, Label(pages.translate("Query"), site.lang)) | values)}
    if site.engine is None:
        return files
    config = {
        "base": site.base,
        "ontology": str(KG).rstrip("#"),
        "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        "dump": QUERY_DUMP,
        "endpoint": site.info.sparql_endpoint,
        "shortIris": SHORT_IRI_PATHS,
        "queries": queries,
    }
    files["query/config.json"] = (json.dumps(config, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    files["query/query.js"] = pages.source("query.js")
    files.update({f"query/oxigraph/{name}": data for name, data in sorted(site.engine.items())})
    return files
