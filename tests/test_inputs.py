"""Nothing let in (issue 14): whatever an input is, kg answers with a located problem and exit 1
(or one ``kg:`` line and exit 2 for the setup), never a hang, a traceback or a crash later on.

Each class of input found to slip through is tried here across its whole class: every kind of
file that is not a regular one in every place kg reads, every digit that is not ASCII, every
overlap of a quote with itself, every text that is empty or carries bidirectional controls.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ONTOLOGY

from kg.cli import main
from kg.errors import InputError
from kg.load import MAX_BYTES

MINI = Path(__file__).parent / "fixtures" / "mini"
NOT_REGULAR = "not a file (expected a regular file)"


def seeds_in(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    return seeds


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``kg ARGS`` in ``tmp_path``, in-process; the exit code and what it said on stderr."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(list(args))
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().err


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str = "validate") -> tuple[int, str]:
    extra = ["--out", "out"] if command in ("build", "publish") else []
    return run(tmp_path, capsys, command, "--seeds", "seeds", "--ontology", str(ONTOLOGY), "--no-cache", *extra)


# --- item 6: only regular files are read, and never more than the limit ----------------------


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _sparse(path: Path) -> None:
    with open(path, "wb") as file:
        file.truncate(3_000_000_000)  # claims 3 GB, holds none: reading it whole would need them


# what each kind of file is made with, and the problem kg must report for it
KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (os.mkfifo, f"is a named pipe (FIFO), {NOT_REGULAR}"),
    "folder": (lambda p: p.mkdir(), f"is a folder, {NOT_REGULAR}"),
    "dangling symlink": (
        lambda p: p.symlink_to("nowhere"),
        "is a symbolic link to 'nowhere', which does not exist (expected a regular file)",
    ),
    "symlink to /dev/zero": (lambda p: p.symlink_to("/dev/zero"), f"is a character device, {NOT_REGULAR}"),
    "symlink to a fifo": (
        lambda p: (os.mkfifo(p.with_name("pipe")), p.symlink_to("pipe")),
        f"is a named pipe (FIFO), {NOT_REGULAR}",
    ),
    "symlink loop": (
        lambda p: p.symlink_to(p.name),
        "cannot be read: Too many levels of symbolic links (expected a regular file kg may read)",
    ),
    "socket": (_socket, f"is a socket, {NOT_REGULAR}"),
    "3 GB file": (
        _sparse,
        f"file is 3,000,000,000 bytes (expected at most {MAX_BYTES:,})"
        " — split it, or check that it is the file you meant",
    ),
}
ROLES = {"annotation": "mini.yaml", "text": "mini.txt", "registry": "registry/more.yaml"}


@pytest.mark.timeout(60, method="signal")  # a read that blocks fails the test instead of hanging the run
@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_an_input_that_is_not_a_regular_file_is_refused_unread(
    kind: str, role: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a FIFO hung kg forever, /dev/zero was read until memory ran out, a folder or a
    dangling link was one unlocated line and exit 2."""
    seeds = seeds_in(tmp_path)
    target = seeds / ROLES[role]
    target.unlink(missing_ok=True)
    make, message = KINDS[kind]
    make(target)
    code, err = validate(tmp_path, capsys, command)
    assert err == f"seeds/{ROLES[role]}:1:1: {message}\nkg: 1 problem found; nothing written\n"
    assert code == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(60, method="signal")
@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero", "3 GB file"])
def test_kg_new_refuses_a_text_that_is_not_a_regular_file(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "new.txt"
    make, message = KINDS[kind]
    make(text)
    code, err = run(tmp_path, capsys, "new", "new.txt", "--seeds", str(MINI))
    assert (code, err) == (1, f"new.txt:1:1: {message}\nkg: 1 problem found; nothing written\n")
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.timeout(60, method="signal")
def test_a_saved_query_that_is_a_fifo_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "queries").mkdir()
    os.mkfifo(tmp_path / "queries" / "stuck.rq")
    code, err = run(tmp_path, capsys, "queries", "--queries", "queries")
    assert (code, err) == (1, f"kg: queries/stuck.rq:1:1: is a named pipe (FIFO), {NOT_REGULAR}\n")


@pytest.mark.timeout(60, method="signal")
def test_an_ontology_file_that_is_a_fifo_is_a_setup_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds_in(tmp_path)
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    (tmp_path / "ontology" / "shapes.ttl").unlink()
    os.mkfifo(tmp_path / "ontology" / "shapes.ttl")
    code, err = run(tmp_path, capsys, "validate", "--seeds", "seeds", "--ontology", "ontology", "--no-cache")
    assert (code, err) == (2, f"kg: ontology/shapes.ttl: is a named pipe (FIFO), {NOT_REGULAR}\n")


def test_read_input_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    from kg.load import read_input

    file = tmp_path / "a.txt"
    file.write_bytes(b"x" * 11)
    assert read_input(file, "a.txt", limit=11) == b"x" * 11
    with pytest.raises(InputError, match=r"^a.txt:1:1: file is 11 bytes \(expected at most 10\)"):
        read_input(file, "a.txt", limit=10)
