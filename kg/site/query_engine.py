"""The query page's SPARQL engine: Oxigraph's WebAssembly build, from the npm package
``oxigraph`` (the same engine and release line as pyoxigraph 0.5).

The package is fetched at publish time with ``npm pack``, or found in the cache
(``$KG_CACHE/oxigraph/``, default ``~/.cache/kg/oxigraph/``), and checked against the tarball's
pinned sha512 before a byte of it is used, like ``scripts/fetch-jena`` does for the Jena jar. It
is never committed, and no page loads anything from another origin: its files are copied into
the site (``query/oxigraph/``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from kg import files

VERSION = "0.5.11"
# npm's "integrity" of oxigraph-0.5.11.tgz (`npm view oxigraph@0.5.11 dist.integrity`)
INTEGRITY = "sha512-zKdgmp1tsrutGzC1lCCywwZRPpLJKaJnKSDWoY2hIhMiwiCRRXNN1DU7WUyTInBvgPKT8Y5N+RgwTL8qKXpLng=="
TARBALL = f"oxigraph-{VERSION}.tgz"
# what the browser needs, as the package names it; package.json carries the licence (MIT OR Apache-2.0)
MEMBERS = ("web.js", "web_bg.wasm", "package.json")
HOW_TO_GET_IT = (
    "install npm, or put oxigraph-{version}.tgz (npm pack oxigraph@{version}) in {folder}, then publish again"
)


class EngineUnavailable(Exception):
    """The engine could not be fetched or failed its checksum; the message says why, in one line."""


def cache_folder() -> Path:
    """Where the tarball is kept: ``$KG_CACHE/oxigraph`` (default ``~/.cache/kg/oxigraph``)."""
    return Path(os.environ.get("KG_CACHE") or Path.home() / ".cache" / "kg") / "oxigraph"


def integrity(data: bytes) -> str:
    """npm's Subresource-Integrity form of ``data``'s sha512.

    >>> integrity(b"")[:19]
    'sha512-z4PhNX7vuL3x'
    """
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def tarball(folder: Path | None = None) -> Path:
    """The checked tarball in the cache, fetched with ``npm pack`` first when it is not there."""
    folder = folder or cache_folder()
    try:
        return _tarball(folder)
    except (OSError, subprocess.SubprocessError) as error:  # an unwritable cache, npm hanging past 5 minutes
        raise EngineUnavailable(f"{folder}: {getattr(error, 'strerror', None) or error}") from None


def _tarball(folder: Path) -> Path:
    path = folder / TARBALL
    hint = HOW_TO_GET_IT.format(version=VERSION, folder=folder)
    if not path.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise EngineUnavailable(f"oxigraph {VERSION} (the query page's engine) is not cached, and no npm: {hint}")
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".download.") as staging:
            done = subprocess.run(
                [npm, "pack", f"oxigraph@{VERSION}", "--pack-destination", staging, "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            fetched = Path(staging) / TARBALL
            if done.returncode != 0 or not fetched.is_file():
                said = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise EngineUnavailable(f"'npm pack oxigraph@{VERSION}' failed ({said}): {hint}")
            _check(fetched.read_bytes(), fetched)
            files.replace(path, fetched.read_bytes())  # the cache never holds a partial or wrong tarball
    _check(path.read_bytes(), path)
    return path


def engine_files(folder: Path | None = None) -> dict[str, bytes]:
    """The browser build's files, by name (``web.js``, ``web_bg.wasm``, ``package.json``)."""
    data = tarball(folder).read_bytes()
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in MEMBERS:
            member = archive.extractfile(f"package/{name}")  # read in memory: nothing is unpacked to disk
            if member is None:
                raise EngineUnavailable(f"{TARBALL} has no package/{name}")
            found[name] = member.read()
    return found


def _check(data: bytes, path: Path) -> None:
    if integrity(data) != INTEGRITY:
        expected, got = INTEGRITY[:20], integrity(data)[:20]
        raise EngineUnavailable(
            f"{path}: checksum mismatch (expected {expected}…, got {got}…); delete it and publish again"
        )


def main() -> None:
    """``scripts/fetch-oxigraph-wasm``: make sure the tarball is cached; print its path."""
    try:
        print(tarball())
    except EngineUnavailable as error:
        raise SystemExit(f"fetch-oxigraph-wasm: {error}") from None


if __name__ == "__main__":
    main()
