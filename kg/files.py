"""Write a file whole or not at all: a reader never sees half of it, a crash leaves no stub."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes it private; the result is an ordinary file
    with os.fdopen(handle, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, replacing what was there in one atomic step."""
    temporary = _temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path``; raise :class:`FileExistsError` if it exists.

    A hard link is atomic and refuses an existing target, so even a file created meanwhile by
    someone else is never overwritten.
    """
    temporary = _temporary(path, data)
    try:
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
