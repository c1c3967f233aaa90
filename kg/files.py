"""Write outputs whole or not at all: a reader never sees half of a file or of a folder.

The one implementation of atomic writing in kg. A file is written beside its target, synced,
and renamed over it. A folder of outputs (``dist/``, a site, a cache entry) is written whole
into a staging folder beside it and then exchanged with the old one in a single
``renameat2(RENAME_EXCHANGE)``, so that at every instant the name holds either the complete old
set or the complete new set. Each such folder carries a marker file; kg never replaces or
deletes a folder without it (an empty folder excepted), so a mistyped ``--out`` cannot wipe a
user's work.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import SetupError

MARKER = ".kg-output"  # holds the kind of folder, e.g. "dist"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(path: Path, data: bytes, *, durable: bool = True) -> None:
    with open(path, "wb") as file:
        file.write(data)
        if durable:
            file.flush()
            os.fsync(file.fileno())


def _temporary(path: Path, data: bytes, *, durable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes it private; the result is an ordinary file
    try:
        _write(Path(name), data, durable=durable)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_folder(folder: Path) -> None:
    """Make the names in ``folder`` durable (a rename is only on disk once its folder is)."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def replace(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path``, replacing what was there in one atomic step.

    Not ``durable``: readers still never see half a file, but after a power cut the file may be
    empty or gone — right for a cache entry that carries its own checksum, and far faster.
    """
    temporary = _temporary(path, data, durable=durable)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


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


def crash_point(name: str) -> None:
    """Die here, as a power cut would, when ``KG_CRASH_AT`` names this point.

    The tests kill a build at each step of a publication deterministically this way, instead of
    hoping a random signal lands in a window a few microseconds wide.
    """
    if os.environ.get("KG_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def is_ours(folder: Path, kind: str) -> bool:
    """Whether ``folder`` is one kg wrote as ``kind`` (it holds our marker)."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return bool(lines) and lines[0].strip() == kind


def check_replaceable(out: Path, kind: str, *, legacy: Iterable[str] = ()) -> None:
    """Raise :class:`SetupError` unless ``out`` may be replaced by a new ``kind`` folder.

    It may when it does not exist, is an empty folder, holds our marker, or holds nothing but
    the ``legacy`` names that kg wrote before it marked its folders.
    """
    if not out.exists() and not out.is_symlink():
        blocker = next((folder for folder in out.parents if folder.exists() and not folder.is_dir()), None)
        if blocker:
            raise SetupError(f"cannot write the {kind} to {out}: {blocker} is a file, not a folder")
        return
    if out.is_symlink() or not out.is_dir():
        raise SetupError(f"cannot write the {kind} to {out}: it is not a folder — give --out a new folder's name")
    if is_ours(out, kind):
        return
    names = {child.name for child in out.iterdir()}
    known = set(legacy)
    if names and not (known and names <= known | {f".{name}" for name in known} | _staged(names, known)):
        raise SetupError(
            f"refusing to replace {out}: it is not a {kind} folder kg wrote (no {MARKER} in it), "
            "and replacing it would delete what is there — give --out a new or empty folder"
        )


def _staged(names: set[str], known: set[str]) -> set[str]:
    # the hidden temporary files an older kg left beside its outputs when it was killed
    return {name for name in names if any(name.startswith(f".{k}.") for k in known)}


def publish_folder(
    out: Path,
    kind: str,
    write: Callable[[Path], None],
    *,
    legacy: Iterable[str] = (),
    manifest: dict[str, str] | None = None,
) -> None:
    """Make ``out`` hold exactly what ``write(staging)`` writes, in one atomic step.

    ``write`` fills a fresh staging folder beside ``out``; every file in it is then synced, the
    marker added (its first line the kind, then a ``name value`` line for each of ``manifest``),
    and the staging folder exchanged with ``out``. A failure or a crash at any
    moment leaves ``out`` as it was (a crash may leave a hidden staging folder, swept next time).
    """
    out = Path(os.path.abspath(out))
    check_replaceable(out, kind, legacy=legacy)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _sweep(out, kind)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new.", dir=out.parent))
    except OSError as error:  # named after the folder asked for, not the staging folder's name
        raise SetupError(f"cannot write the {kind} to {out}: {error.strerror}") from error
    try:
        write(staging)
        extra = "".join(f"{name} {value}\n" for name, value in (manifest or {}).items())
        (staging / MARKER).write_text(f"{kind}\n{extra}", encoding="utf-8")
        _sync_tree(staging)
        staging.chmod(0o777 & ~_umask())
        crash_point("before-swap")
        if out.exists():
            _exchange(staging, out)
            crash_point("after-swap")
            _sync_folder(out.parent)
            shutil.rmtree(staging)  # now the old outputs
        else:
            os.rename(staging, out)
            _sync_folder(out.parent)
    finally:
        if staging.exists():  # half-written, or the old outputs after the swap
            shutil.rmtree(staging, ignore_errors=True)


def _sync_tree(folder: Path) -> None:
    for root, _, names in os.walk(folder):
        for name in names:
            handle = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
        _sync_folder(Path(root))


def _sweep(out: Path, kind: str) -> None:
    """Remove staging folders a killed run left beside ``out``: they are hidden and ours."""
    for stale in out.parent.glob(f".{out.name}.new.*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


_libc: ctypes.CDLL | None = None


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders' names in one step; where the system cannot, rename twice (a short
    moment in which ``old`` is missing, never one in which it is half-written)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(old))
    aside = Path(tempfile.mkdtemp(prefix=f".{old.name}.new.", dir=old.parent))
    os.rename(old, aside / "old")
    os.rename(new, old)
    os.rename(aside / "old", new)
    aside.rmdir()
