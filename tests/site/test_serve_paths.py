"""kg serve answers every request path (issue 14, items 12 and 13): a redirect only ever names a
normalised path of the site itself, and no path, however encoded, drops the connection.

A real ``kg serve`` is started on a small made-up site; requests are written byte by byte on a
socket, so that paths no HTTP client library would send (NUL, backslashes, lone surrogates,
``%2F%2F``) reach the server as an attacker would send them.
"""

from __future__ import annotations

import posixpath
import re
import socket
from collections.abc import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import kg_serve

FILES = {
    "index.html": "<!doctype html><title>site</title>",
    "actor/alpha.html": "<!doctype html><title>alpha</title>",
    "actor/alpha.ttl": "<https://example.org/kg/actor/alpha> a <https://example.org/kg/K> .\n",
    "actor/index.html": "<!doctype html><title>actors</title>",
    "odd name/beta.html": "<!doctype html><title>beta</title>",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    site = tmp_path_factory.mktemp("served") / "site"
    for name, text in FILES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    with kg_serve(site) as url:
        parts = urlsplit(url)
        assert parts.hostname and parts.port
        yield parts.hostname, parts.port


def get(server: tuple[str, int], target: bytes, accept: bytes = b"text/turtle") -> tuple[int, dict[str, str]]:
    """Send ``GET target`` as raw bytes; the status and headers of the answer (which must come)."""
    with socket.create_connection(server, timeout=30) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: kg.test\r\nAccept: " + accept + b"\r\n"
                           b"Connection: close\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
    assert answer, f"no HTTP answer to GET {target!r}: the connection was dropped"
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = re.fullmatch(r"HTTP/1\.[01] ([0-9]{3}) .*", head[0])
    assert status, head[0]
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(status.group(1)), {k.lower(): v for k, v in headers.items()}


def assert_stays_on_the_site(location: str) -> None:
    """A single leading slash, no '..' or '.' segment, no backslash: encoded or not."""
    assert re.fullmatch(r"/[A-Za-z0-9._~%/-]*", location), location
    decoded = unquote(location)
    assert not decoded.startswith("//") and "\\" not in decoded, location
    assert posixpath.normpath(decoded) == decoded.rstrip("/") or decoded == "/", location
    assert urlsplit(urljoin("http://kg.test/somewhere/page", location)).netloc == "kg.test", location


ATTACKS = [
    b"/%2F%2Fevil%2Eexample%2F%2E%2E%2Factor%2Falpha",  # the reported open redirect
    b"/%2F%2Fevil.example%2F..%2Factor%2Falpha",
    b"/%2F%2Fevil.example%2F..%2Factor",  # a folder: its redirect to 'actor/'
    b"/%5C%5Cevil.example%2F..%2Factor%2Falpha",
    b"/%5Cevil.example/../actor/alpha",
    b"/.%2E/.%2E/actor/alpha",
    b"//evil.example/%2E%2E/actor/alpha",
    b"http://evil.example/actor/alpha",
    b"/actor//alpha",
    b"/actor/./alpha",
]


@pytest.mark.parametrize("target", ATTACKS)
def test_a_redirect_never_leaves_the_site(served: tuple[str, int], target: bytes) -> None:
    """Regression: ``/%2F%2Fevil%2Eexample%2F%2E%2E%2Factor%2Falpha`` answered 303 to
    ``//evil.example/../actor/alpha.ttl``, which a browser takes for another host."""
    status, headers = get(served, target)
    if status in (301, 303):
        assert_stays_on_the_site(headers["location"])
        assert headers["location"] in ("/actor/alpha.ttl", "/actor/")
    else:
        assert status == 404


def test_a_resource_redirects_to_its_own_document(served: tuple[str, int]) -> None:
    assert get(served, b"/actor/alpha")[1]["location"] == "/actor/alpha.ttl"
    assert get(served, b"/odd%20name/beta", b"text/html")[1]["location"] == "/odd%20name/beta.html"
    assert get(served, b"/actor")[1]["location"] == "/actor/"


@pytest.mark.parametrize(
    "target",
    [b"/%00", b"/actor/%00", b"/actor/alpha%00", b"/%00/", b"/%ED%A0%80", b"/actor/%ED%B2%80", b"/%C0%AE%C0%AE/",
     b"/" + b"a" * 5000, b"/%", b"/%zz", b"/\x01", b"/\xff", b"*", b"/?%00", b"/#%00"],
)
def test_every_request_path_gets_an_answer(served: tuple[str, int], target: bytes) -> None:
    """Regression: ``GET /%00`` got no answer at all (the handler raised 'embedded null byte')."""
    status, _ = get(served, target)
    assert status in (200, 400, 404), (target, status)


_PIECES = st.sampled_from(
    [b"/", b"//", b".", b"..", b"%2E", b"%2e", b"%2F", b"%2f", b"%5C", b"\\", b"%00", b"%", b"%ZZ", b"%ED%A0%80",
     b"%C0%AE", b"%E2%80%AE", b"%20", b"?", b"#", b";", b"evil.example", b"actor", b"alpha", b"index.html",
     b"alpha.ttl", b"odd%20name", b"beta", b"\xff", b"\x7f", b"~", b"@", b":", b"http:", b"\t"]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=10), st.sampled_from([b"text/turtle", b"text/html", b"application/ld+json"]))
def test_any_request_path_gets_an_answer_and_no_redirect_leaves_the_site(
    served: tuple[str, int], pieces: list[bytes], accept: bytes
) -> None:
    target = b"/" + b"".join(pieces)
    status, headers = get(served, target, accept)
    assert status in (200, 301, 303, 400, 404), (target, status)
    if status in (301, 303):
        assert_stays_on_the_site(headers["location"])
