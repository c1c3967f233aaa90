"""``kg serve``: the published site on 127.0.0.1, with content negotiation for resource IRIs.

A path without a suffix that names a resource (``/actor/zelensky``, beside ``actor/zelensky.html``)
answers 303 See Other to its document in the format the ``Accept`` header prefers, as
:mod:`kg.site.server_rules` describes; everything else is a plain static file. Every answer carries the
site's Content-Security-Policy (the query page its own, which lets it run the site's script and
fetch from the SPARQL endpoint its ``query/config.json`` names).
"""

from __future__ import annotations

import json
import os
import posixpath
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from kg.site.server_rules import (
    MEDIA_TYPES,
    NEGOTIATED,
    QUERY_PAGE,
    SECURITY_HEADERS,
    choose,
    origin,
    query_page_policy,
)


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, plus the 303 answer for resource IRIs."""

    extensions_map = MEDIA_TYPES
    quiet = False
    query_policy = query_page_policy()

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        try:
            local = self.translate_path(path)
            encoded = os.fsencode(local)  # a lone surrogate (%ED%A0%80) names no file
        except ValueError:
            return self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path")
        if b"\0" in encoded:  # %00: open() would raise ValueError and drop the connection
            return self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path")
        # A redirect names the file found, never the path as asked: '/%2F%2Fhost%2F..%2Fx' decodes
        # to '//host/../x', which a browser reads as another host's
        relative = Path(os.path.relpath(local, self.directory)).as_posix()
        site_path = "/" if relative == "." else "/" + quote(os.fsencode(relative))  # the bytes of its name
        name = posixpath.basename(site_path)
        if name and "." not in name and os.path.isfile(local + ".html"):
            return self._negotiate(site_path)
        if os.path.isdir(local) and not path.endswith("/"):
            return self._redirect(HTTPStatus.MOVED_PERMANENTLY, site_path.rstrip("/") + "/")
        return super().send_head()

    def _redirect(self, status: HTTPStatus, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        if status == HTTPStatus.SEE_OTHER:
            self.send_header("Vary", "Accept")
        self.end_headers()
        return None

    def _negotiate(self, path: str) -> None:
        suffix = choose(self.headers.get("Accept"))
        if suffix is None:
            offered = ", ".join(sorted({media for media, _ in NEGOTIATED}))
            body = f"406 Not Acceptable: this resource is available as {offered}\n".encode()
            self.send_response(HTTPStatus.NOT_ACCEPTABLE)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return None
        return self._redirect(HTTPStatus.SEE_OTHER, f"{path}.{suffix}")

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            # no path yet when the request line itself could not be read
            if name == "Content-Security-Policy" and urlsplit(getattr(self, "path", "")).path == f"/{QUERY_PAGE}":
                value = self.query_policy
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_message(format, *args)


def server(site: Path, *, port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``site`` on 127.0.0.1 (port 0 picks a free one); call ``serve_forever``."""
    handler = type("Handler", (SiteHandler,), {"quiet": quiet, "query_policy": query_page_policy(_endpoint(site))})
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site)))


def _endpoint(site: Path) -> str | None:
    """The SPARQL endpoint the site's query page may query, as ``kg publish`` recorded it."""
    try:
        config = json.loads((site / "query" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no query page, or an older site's: the page gets no endpoint
    endpoint = config.get("endpoint") if isinstance(config, dict) else None
    try:
        return endpoint if isinstance(endpoint, str) and origin(endpoint) else None
    except ValueError:
        return None  # not an http(s) URL: the page may fetch from the site alone
