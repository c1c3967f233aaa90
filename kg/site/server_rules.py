"""How the published site answers a resource IRI, for ``kg serve`` and for production servers.

We follow recipe 5 of the W3C "Best Practice Recipes for Publishing RDF Vocabularies" for
slash IRIs: a resource IRI (``BASE/actor/zelensky``) names a person, not a document, so the
server answers ``303 See Other`` pointing at the document in the format the client accepts
(``actor/zelensky.html``, ``.ttl``, ``.jsonld`` or ``.nt``), with ``Vary: Accept``. The
ontology's hash IRIs resolve through ``BASE/ontology`` the same way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kg import formats

# What a resource can be had as, best first when a client accepts several equally.
NEGOTIATED = (
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    *((f.media_type, f.suffix[1:]) for f in formats.RESOURCE),
)
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    **{f.suffix: f.media_type for f in formats.ALL},
    ".ttl": "text/turtle; charset=utf-8",  # the one RDF text type whose charset is not UTF-8 by definition
    ".svg": "image/svg+xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".xml": "application/xml",
    "": "text/turtle; charset=utf-8",  # .well-known/void
}
# Pages load only their own stylesheet and icon: no script, no inline style, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
QUERY_PAGE = "query.html"  # the one page that runs a script: the site's own, and Oxigraph's WebAssembly
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def query_page_policy(endpoint: str | None = None) -> str:
    """The query page's policy: the site's own, plus its own scripts, WebAssembly compiled from
    them ('wasm-unsafe-eval', which allows no eval of text), and fetches from the site, and from
    ``endpoint``'s origin when the site names a SPARQL endpoint.

    >>> query_page_policy("https://query.example.org/sparql?x=1").split("; ")[1:3]
    ["script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self' https://query.example.org"]
    """
    connect = "'self'" + (f" {origin(endpoint)}" if endpoint else "")
    return CONTENT_SECURITY_POLICY.replace(
        "default-src 'none'; ", f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src {connect}; "
    )


def meta_policy(policy: str) -> str:
    """``policy`` as a page's ``<meta http-equiv>`` may carry it, for hosts that send no headers:
    without frame-ancestors, which browsers ignore (with a console error) in a meta element."""
    return "; ".join(d for d in policy.split("; ") if not d.startswith("frame-ancestors"))


def origin(url: str) -> str:
    """The scheme, host and port of ``url``: what a CSP source names.

    >>> origin("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'{url}' is not an http(s) URL")
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def choose(accept: str | None) -> str | None:
    """The file suffix to answer ``accept`` with, or None when nothing offered is acceptable.

    >>> choose("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8")
    'html'
    >>> choose(None), choose("image/png")
    ('html', None)
    """
    if not accept or not accept.strip():
        return "html"
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    best: tuple[float, int, str] | None = None
    for rank, (offered, suffix) in enumerate(NEGOTIATED):
        quality = _quality(offered, ranges)
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, rank, suffix)
    return best[2] if best else None


def _quality(offered: str, ranges: list[tuple[str, float]]) -> float:
    """The quality of the most specific range that matches ``offered`` (RFC 9110, 12.5.1)."""
    kind = offered.split("/")[0]
    for pattern in (offered, f"{kind}/*", "*/*"):
        for media, quality in ranges:
            if media == pattern:
                return quality
    return 0.0


def configs(base: str, endpoint: str | None = None) -> dict[str, bytes]:
    """The same rules for nginx and Apache, for a site served at ``base`` whose query page may
    query ``endpoint``."""
    path = urlsplit(base).path or "/"
    query = query_page_policy(endpoint)
    return {"nginx.conf": _nginx(base, path, query).encode(), ".htaccess": _htaccess(path, query).encode()}


def _nginx(base: str, path: str, query_policy: str) -> str:
    suffixes = [(media, suffix) for media, suffix in NEGOTIATED if suffix != "html"]
    maps = "\n".join(f'    "~*{media.replace("+", "[+]")}" {suffix};' for media, suffix in suffixes)
    types = "\n".join(f"        {media.split(';')[0]} {ext[1:]};" for ext, media in MEDIA_TYPES.items() if ext)
    values = {name: f'"{value}"' for name, value in SECURITY_HEADERS.items()} | {"Content-Security-Policy": "$kg_csp"}
    headers = "\n".join(f"        add_header {name} {value} always;" for name, value in values.items())
    return f"""# nginx rules for the kg site at {base}; include this file inside http {{ }}.
# A resource IRI answers 303 See Other to its .html, .ttl, .jsonld or .nt document, chosen by
# the Accept header (nginx maps match in order and ignore q-values: a browser's Accept names
# text/html first and gets HTML). Copy the site to /srv/kg/site or change the alias below.
map $http_accept $kg_format {{
    default html;
    "~*text/html" html;
{maps}
}}

# Every page's Content-Security-Policy, and the query page's (which runs the site's own script).
map $uri $kg_csp {{
    default "{CONTENT_SECURITY_POLICY}";
    "{path}{QUERY_PAGE}" "{query_policy}";
}}

server {{
    listen 80;
    location {path} {{
        alias /srv/kg/site/;
        index index.html;
        types {{
{types}
        }}
        add_header Vary Accept always;
{headers}
        if (-f $request_filename.html) {{
            return 303 $uri.$kg_format;
        }}
    }}
}}
"""


def _htaccess(path: str, query_policy: str) -> str:
    types = "\n".join(f"AddType {media.split(';')[0]} {ext}" for ext, media in MEDIA_TYPES.items() if ext)
    headers = "\n".join(f'Header always set {name} "{value}"' for name, value in SECURITY_HEADERS.items())
    rules = []
    for media, suffix in NEGOTIATED:
        rules.append(
            "RewriteCond %{REQUEST_FILENAME}.html -f\n"
            f"RewriteCond %{{HTTP_ACCEPT}} {media.replace('+', '[+]')}\n"
            f"RewriteRule ^(.+)$ $1.{suffix} [R=303,L]"
        )
    rules.append("RewriteCond %{REQUEST_FILENAME}.html -f\nRewriteRule ^(.+)$ $1.html [R=303,L]")
    body = "\n\n".join(rules)
    return f"""# Apache rules for the kg site (mod_rewrite, mod_headers, mod_mime), served at {path}.
# A resource IRI answers 303 See Other to its .html, .ttl, .jsonld or .nt document, chosen by
# the Accept header in the order below (HTML first, as browsers also accept */*).
Options -MultiViews
DirectoryIndex index.html
AddDefaultCharset utf-8
{types}
Header always set Vary Accept
{headers}
<Files "{QUERY_PAGE}">
Header always set Content-Security-Policy "{query_policy}"
</Files>

RewriteEngine On
RewriteBase {path}

{body}
"""
