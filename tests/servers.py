"""Real SPARQL servers started by the test run, on 127.0.0.1 and a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextmanager
def oxigraph_server(data: Path | None = None) -> Iterator[str]:
    """An in-memory Oxigraph server whose default graph is the union of its graphs.

    Yields its base URL (``/query``, ``/update`` and ``/store`` live below it); ``data``, an
    N-Quads file, is loaded over HTTP first.
    """
    # the one installed beside this interpreter (a venv's bin/ need not be on PATH), else PATH's
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the 'oxigraph' server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        if data is not None:
            request = urllib.request.Request(
                f"{base}/store", data=data.read_bytes(), method="POST", headers={"Content-Type": "application/n-quads"}
            )
            with urllib.request.urlopen(request, timeout=60):
                pass
        yield base
    finally:
        stop(process, timeout=10)


def stop(process: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Stop a server the tests started: asked to end, then killed if it does not in ``timeout`` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def fuseki_server(
    jar: Path, base: Path, port: int | None = None, *, quick_start: bool = True
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Fuseki server with its admin API, keeping its TDB2 databases under ``base``.

    The default graph of every TDB2 dataset is the union of its named graphs, as the saved
    queries expect. Yields the server's URL and process (a test may kill it). ``quick_start``
    trades the JIT's best code for a faster start (right for tests, wrong for a benchmark).
    """
    port = port or free_port()
    command = [
        "java",
        *(["-XX:TieredStopAtLevel=1", "-Xshare:auto"] if quick_start else []),
        "-jar",
        str(jar),
        "--port",
        str(port),
        "--localhost",
        "--ping",
        "--set",
        "tdb2:unionDefaultGraph=true",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, "FUSEKI_BASE": str(base)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/$/ping", process)
        yield url, process
    finally:
        stop(process, timeout=15)


@contextmanager
def running(command: list[str], ready: str) -> Iterator[subprocess.Popen[bytes]]:
    """A server started with ``command`` as a user would, once ``ready`` (a URL) answers."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(ready, process)
        yield process
    finally:
        stop(process, timeout=15)


@contextmanager
def kg_serve(site: Path) -> Iterator[str]:
    """``kg serve`` on a free port, as a user starts it; yields its root URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--site", str(site), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "serving SITE/ at http://127.0.0.1:PORT/ (Ctrl-C stops)"
        url = line.split(" at ", 1)[1].split()[0] if " at " in line else ""
        if not url:
            raise RuntimeError(f"kg serve did not start: {line!r}")
        wait_until_up(url, process)  # type: ignore[arg-type]
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
