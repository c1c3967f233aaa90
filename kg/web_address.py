"""The web addresses an input may give (a link, a homepage), and the graph's own IRIs it may not.

An address must be an http(s) IRI every RDF tool takes, and must point away from the graph:
kg makes the IRIs under the base itself.
"""

from __future__ import annotations

import re

import pyoxigraph

SAFE_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # what may stand in an IRI unescaped
_ELSEWHERE = "expected a page elsewhere: kg makes the IRIs under it"
NOT_A_WEB_ADDRESS = "is not a web address (expected http(s)://… without spaces, quotes or <>, and % only as in %20)"


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) IRI that every RDF tool takes (Oxigraph checks IRIs strictly:
    a stray ``%`` or a bad host would make the build's own writers refuse the graph).

    >>> is_web_address("https://example.net/a%20b"), is_web_address("https://example.net/a b")
    (True, False)
    """
    if not SAFE_URL.fullmatch(text):
        return False
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def is_own_iri(text: str, base: str | None) -> bool:
    """Whether the web address ``text`` lies under ``base``, where kg makes the graph's own IRIs
    (scheme and host compared in any case, as the web does).

    The data may only point away from the graph: an address under the base would stand for one
    of kg's own resources (the checks of an article alone rest on the registry naming none of an
    article's nodes), and its page would be a broken link of the site.

    >>> is_own_iri("HTTPS://Example.org/kg/article/x", "https://example.org/kg/")
    True
    """
    return base is not None and _folded(text).startswith(_folded(base))


def unfit_address(text: str, base: str | None) -> str | None:
    """Why the web address ``text`` may not stand in the input, or None when it may."""
    if not is_web_address(text):
        return f"'{text}' {NOT_A_WEB_ADDRESS}"
    if is_own_iri(text, base):
        return f"'{text}' is under the graph's own base IRI {base} ({_ELSEWHERE})"
    return None


def _folded(iri: str) -> str:
    scheme, _, rest = iri.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"
