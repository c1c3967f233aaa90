"""``kg load``'s options, checked before any work: every problem found at once, as one line
(exit 2), and no password echoed."""

from __future__ import annotations

import ipaddress
import math
import re
import urllib.parse
from pathlib import Path

from kg.errors import SetupError, shown


class OptionError(SetupError):
    """An option's value cannot work, whatever the store does; the message names the option."""


_CREDENTIALS = re.compile(r"^[^:/?#]*:?//[^/?#]*@")
_HOST_NAME = re.compile(r"^(?=.{1,253}\.?$)[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})*\.?$")
_DATASET = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
MAX_TIMEOUT = 86400.0


def url_problem(option: str, url: str) -> str | None:
    """What makes ``url`` unusable as the store's address given with ``option``, or None.

    >>> url_problem("--endpoint", "http://localhost:7878/store") is None
    True
    >>> url_problem("--fuseki", "localhost:3030")
    "--fuseki 'localhost:3030' is not an http:// or https:// URL (expected http://HOST:PORT/PATH)"
    """
    if _CREDENTIALS.match(url):  # before anything that would echo the URL, and its password
        return f"{option} holds a user name or password — pass --user and --password (or {ENV_CREDENTIALS}) instead"
    said = f"{option} '{shown(url, 100)}'"
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        if "port" in str(error).lower():
            return f"{said} has a port that is not a number from 1 to 65535"
        why = str(error)
        return f"{said} is not a URL: {why[:1].lower()}{why[1:]}"
    expected = "(expected http://HOST:PORT/PATH)"
    if parts.scheme not in ("http", "https") or not url.lower().startswith(f"{parts.scheme}://"):
        return f"{said} is not an http:// or https:// URL {expected}"
    odd = next((c for c in url if not "!" <= c <= "~"), None)
    if odd is not None:
        return f"{said} holds U+{ord(odd):04X}, which a URL cannot hold — percent-encode it"
    host = parts.hostname or ""
    if not host:
        return f"{said} has no host {expected}"
    if port == 0:
        return f"{said} has a port that is not a number from 1 to 65535"
    if "#" in url:  # the graph's name is appended as ?graph=…, which a fragment would swallow
        return f"{said} has a fragment (#…), which would swallow the graph's name"
    if not _HOST_NAME.match(host) and not _ip_address(host):
        return f"{said} has a host that is neither a host name nor an IP address"
    return None


def dataset_problem(name: str) -> str | None:
    """What makes ``name`` unusable as a Fuseki dataset's name, or None.

    >>> dataset_problem("kg") is None
    True
    """
    if _DATASET.match(name):
        return None
    return f"--dataset '{shown(name, 100)}' is not a Fuseki dataset name (letters, digits, '_', '-', '.')"


def timeout_seconds(text: str) -> float:
    """The seconds ``--timeout TEXT`` gives, or an OptionError.

    >>> timeout_seconds("2.5")
    2.5
    """
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0.001 <= seconds <= MAX_TIMEOUT:  # NaN fails both
        raise OptionError(f"--timeout '{shown(text, 100)}' is not a number of seconds from 0.001 to {MAX_TIMEOUT:g}")
    return seconds


def credentials_problem(user: str | None, password: str | None, auth: str) -> str | None:
    """What makes these credentials impossible to send, or None (the password is never shown)."""
    for option, value in (("--user", user), ("--password", password)):
        if value is not None and any(not c.isprintable() for c in value):
            return f"{option} holds a control character, which an HTTP header cannot carry"
        if value is not None and auth == "digest" and not value.isascii():
            return f"{option} holds a character that is not ASCII, which --auth digest cannot send (try --auth basic)"
    return None


def check_options(
    *,
    endpoint: str | None = None,
    fuseki: str | None = None,
    query_endpoint: str | None = None,
    tdb2: Path | None = None,
    dataset: str = "kg",
    prune: bool = False,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: str = "60",
) -> float:
    """Every problem with ``kg load``'s options, found before any work, as one SetupError (exit
    2); else the timeout in seconds. Exactly one of ``endpoint``, ``fuseki`` and ``tdb2`` is given.

    >>> check_options(endpoint="http://localhost:7878/store", timeout="2.5")
    2.5
    >>> check_options(fuseki="http://localhost:3030", timeout="soon")
    Traceback (most recent call last):
    ...
    kg.store_options.OptionError: --timeout 'soon' is not a number of seconds from 0.001 to 86400
    """
    if [endpoint, fuseki, tdb2].count(None) != 2:
        raise OptionError("give one of --endpoint, --fuseki and --tdb2")
    urls = (("--endpoint", endpoint), ("--fuseki", fuseki), ("--query-endpoint", query_endpoint))
    problems = [url_problem(option, url) for option, url in urls if url is not None]
    if fuseki or tdb2:
        problems.append(dataset_problem(dataset))
    if tdb2 and prune:
        problems.append("--prune is for a running store: --tdb2 builds the whole database anew")
    if prune and endpoint and query_endpoint is None:
        problems.append(PRUNE_NEEDS_QUERY)
    problems.append(credentials_problem(user, password, auth))
    seconds = 60.0
    try:
        seconds = timeout_seconds(timeout)
    except OptionError as error:
        problems.append(str(error))
    found = [problem for problem in problems if problem]
    if found:
        raise OptionError("; ".join(found))
    return seconds


PRUNE_NEEDS_QUERY = "--prune needs the store's query endpoint: give --query-endpoint URL (or use --fuseki)"


ENV_CREDENTIALS = "KG_STORE_USER/KG_STORE_PASSWORD"


def _ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
