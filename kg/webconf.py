"""How the published site answers a resource IRI, for ``kg serve`` and for production servers.

We follow recipe 5 of the W3C "Best Practice Recipes for Publishing RDF Vocabularies" for
slash IRIs: a resource IRI (``BASE/actor/zelensky``) names a person, not a document, so the
server answers ``303 See Other`` pointing at the document in the format the client accepts
(``actor/zelensky.html``, ``.ttl``, ``.jsonld`` or ``.nt``), with ``Vary: Accept``. The
ontology's hash IRIs resolve through ``BASE/ontology`` the same way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# What a resource can be had as, best first when a client accepts several equally.
NEGOTIATED = (
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
)
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".svg": "image/svg+xml",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml",
    "": "text/turtle; charset=utf-8",  # .well-known/void
}
# Pages load only their own stylesheet and icon: no script, no inline style, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


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


def configs(base: str) -> dict[str, bytes]:
    """The same rules for nginx and Apache, for a site served at ``base``."""
    path = urlsplit(base).path or "/"
    return {"nginx.conf": _nginx(base, path).encode(), ".htaccess": _htaccess(path).encode()}


def _nginx(base: str, path: str) -> str:
    suffixes = [(media, suffix) for media, suffix in NEGOTIATED if suffix != "html"]
    maps = "\n".join(f'    "~*{media.replace("+", "[+]")}" {suffix};' for media, suffix in suffixes)
    types = "\n".join(f"        {media.split(';')[0]} {ext[1:]};" for ext, media in MEDIA_TYPES.items() if ext)
    headers = "\n".join(f'        add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS.items())
    return f"""# nginx rules for the kg site at {base}; include this file inside http {{ }}.
# A resource IRI answers 303 See Other to its .html, .ttl, .jsonld or .nt document, chosen by
# the Accept header (nginx maps match in order and ignore q-values: a browser's Accept names
# text/html first and gets HTML). Copy the site to /srv/kg/site or change the alias below.
map $http_accept $kg_format {{
    default html;
    "~*text/html" html;
{maps}
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


def _htaccess(path: str) -> str:
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

RewriteEngine On
RewriteBase {path}

{body}
"""
