"""SHACL results and outputs kept between builds, keyed by a hash of exactly what made them.

An article is validated with the ontology and the registry beside it, but its results can only
depend on its own triples, on the registry entries it names (and those they name in turn), on
the ontology and shapes, and on the validator (see kg.parts). The key hashes all of that, so an
edited, renamed or moved article, or a changed registry entry, misses the cache for exactly the
articles that depend on it, and nothing stale is ever found. An entry that cannot be read or
whose checksum does not match is ignored and written again.

The output files are kept too, for the graph they were rendered from (all of its quads): an
unchanged corpus is written again without rendering. Only the latest set is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from kg import __version__
from kg.check import Violation

DEFAULT_DIR = Path(".kg-cache")
_FORMAT = 1  # bump when an entry's layout changes


class Cache:
    """Violation lists on disk, one file per key (``<dir>/ab/abcdef….json``).

    A cache that may not ``write`` (``kg validate`` writes nothing) only reads.
    """

    def __init__(self, directory: Path, *, write: bool = True) -> None:
        self.directory = directory
        self.write = write

    def get(self, key: str) -> list[Violation] | None:
        """The results stored under ``key``; ``None`` if there are none or they are damaged."""
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
            rows = entry["violations"]
            if entry["key"] != key or entry["checksum"] != _checksum(key, rows):
                return None
            return [Violation(*map(str, row)) for row in rows]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, violations: Iterable[Violation]) -> None:
        """Store ``violations`` under ``key``, atomically: a reader never sees half an entry."""
        if not self.write:
            return
        rows = [[v.focus, v.path, v.message, v.severity] for v in violations]
        text = json.dumps({"key": key, "checksum": _checksum(key, rows), "violations": rows}, ensure_ascii=False)
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".entry.", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def outputs(self, key: str) -> dict[str, bytes] | None:
        """The output files last rendered from the graph with this ``key``, if intact."""
        folder = self.directory / "outputs" / key
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            files = {name: (folder / Path(name).name).read_bytes() for name in manifest}
        except (OSError, ValueError, TypeError):
            return None
        intact = all(hashlib.sha256(data).hexdigest() == manifest[name] for name, data in files.items())
        return files if intact and files else None

    def put_outputs(self, key: str, files: dict[str, bytes]) -> None:
        """Keep ``files`` as the outputs of ``key``, in place of any kept before (they are large)."""
        if not self.write:
            return
        outputs = self.directory / "outputs"
        outputs.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=".outputs.", dir=outputs))
        for name, data in files.items():
            (staged / name).write_bytes(data)
        manifest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        (staged / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        for old in outputs.iterdir():
            if old != staged:
                shutil.rmtree(old, ignore_errors=True)
        os.replace(staged, outputs / key)


def salt(ontology: Path, shapes: Path, base: str) -> str:
    """What every key shares: the ontology and shapes files, the base IRI, and the versions of
    kg and of the libraries that validate."""
    parts = [f"kg {__version__}", f"format {_FORMAT}", base]
    parts += [f"{name} {version(name)}" for name in ("pyshacl", "rdflib")]
    parts += [hashlib.sha256(file.read_bytes()).hexdigest() for file in (ontology, shapes)]
    return "\n".join(parts)


def key(salt: str, *line_groups: Iterable[str]) -> str:
    """The SHA-256 of ``salt`` and N-Triples lines (each group sorted, so order does not matter)."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    for lines in line_groups:
        digest.update(b"\x00")
        for line in sorted(lines):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def _checksum(key: str, rows: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps([key, rows], ensure_ascii=False).encode("utf-8")).hexdigest()
