"""Read YAML files into plain Python values, remembering where every key and value stood.

Parsing keeps dates as strings (the model decides what a date is) and turns duplicate keys
into errors, which PyYAML itself lets pass silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, Problem

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_YAML_HINT = "check the indentation here and on the line above; quote values that contain ': ' or '#'"
_ALIAS_HINT = "write the value out in full"
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")
}
_CONTROL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\t", "\n"}
MAX_BYTES = 2_000_000  # far above any real annotation; a bigger file is a mistake or an attack
Location = tuple[int, int]
FieldPath = tuple[str | int, ...]

_SCALARS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float",
}


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data, and the 1-based line/column of every value and key."""

    path: str
    data: Any
    values: dict[FieldPath, Location] = field(repr=False)
    keys: dict[FieldPath, Location] = field(repr=False)

    def where(self, path: FieldPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest enclosing value that has one."""
        table = self.keys if key else self.values
        while path not in table and path:
            path = path[:-1]
        return table.get(path, (1, 1))

    def problem(self, path: FieldPath, message: str, hint: str = "", *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.path, line, column, message, hint)


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_EXPECTED_FILE = "expected a regular file"
_TOO_BIG_HINT = "split it, or check that it is the file you meant"


def input_problem(file: Path, display: str, *, limit: int = MAX_BYTES) -> Problem | None:
    """What makes ``file`` unfit to read as input, judged from its metadata alone, or ``None``.

    A named pipe would block a reader forever and a device may never end, so the kind and the
    size of a file are checked before a byte of it is read.

    >>> input_problem(Path("/dev/null"), "x.txt")
    Problem(path='x.txt', line=1, column=1, message='is a character device, not a file (expected a regular file)', \
hint='')
    """
    return input_stat(file, display, limit=limit)[1]


def input_stat(
    file: Path | str, display: str, *, limit: int = MAX_BYTES
) -> tuple[os.stat_result | None, Problem | None]:
    """The metadata of ``file`` and what makes it unfit to read as input (see :func:`input_problem`)."""
    try:
        info = os.stat(file)
    except OSError as error:
        return None, _unreadable(file, display, error)
    return info, _kind_problem(info, display, limit)


def read_input(file: Path, display: str, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``file``; raise :class:`InputError`, located at ``display``,
    if it is anything else (a folder, a pipe, a device, a dangling link) or over ``limit`` bytes.

    The open file is checked again before it is read (it may have been swapped meanwhile), and
    at most ``limit + 1`` bytes are read whatever its size claims.
    """
    problem = input_problem(file, display, limit=limit)
    if problem is not None:
        raise InputError([problem])
    try:  # non-blocking: opening a FIFO put there since the check must not wait for a writer
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise InputError([_unreadable(file, display, error)]) from None
    try:
        problem = _kind_problem(os.fstat(handle), display, limit)
        if problem is not None:
            raise InputError([problem])
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(handle, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InputError([_unreadable(file, display, error)]) from None
    finally:
        os.close(handle)
    if size > limit:  # it grew after the check
        message = f"file is over {limit:,} bytes (expected at most {limit:,})"
        raise InputError([Problem(display, 1, 1, message, _TOO_BIG_HINT)])
    return b"".join(chunks)


def _kind_problem(info: os.stat_result, display: str, limit: int) -> Problem | None:
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        return Problem(display, 1, 1, f"is {kind}, not a file ({_EXPECTED_FILE})")
    if info.st_size > limit:
        message = f"file is {info.st_size:,} bytes (expected at most {limit:,})"
        return Problem(display, 1, 1, message, _TOO_BIG_HINT)
    return None


def _unreadable(file: Path | str, display: str, error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError) and os.path.islink(file):
        target = os.readlink(file)
        return Problem(display, 1, 1, f"is a symbolic link to '{target}', which does not exist ({_EXPECTED_FILE})")
    return Problem(display, 1, 1, f"cannot be read: {error.strerror or error} ({_EXPECTED_FILE} kg may read)")


def read_document(file: Path, display: str) -> Document:
    """Parse one YAML file; raise :class:`InputError` if it is not well-formed YAML.

    Only plain data is accepted: no tags beyond YAML's own scalars (safe loading), no
    anchors or aliases (so no alias bomb can expand), regular files of at most ``MAX_BYTES``.
    """
    raw = read_input(file, display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError([Problem(display, line, 1, "file is not valid UTF-8 text")]) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"malformed YAML: {error.problem or error.context}"
        raise InputError([Problem(display, line, column, message, _YAML_HINT)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids, e.g. a control character
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = f"malformed YAML: character #x{error.character:04x} is not allowed ({error.reason})"
        raise InputError([Problem(display, line, column, message, "remove it, or write it as an escape")]) from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise InputError([Problem(display, 1, 1, f"malformed YAML: {message}")]) from None
    builder = _Builder(display)
    try:
        data = builder.build(node, ()) if node is not None else None
    except RecursionError:
        raise InputError([Problem(display, 1, 1, "the YAML is nested too deeply (expected a few levels)")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    return Document(display, data, builder.values, builder.keys)


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.values: dict[FieldPath, Location] = {}
        self.keys: dict[FieldPath, Location] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:  # composing resolved an alias to a node we already built
            self.problems.append(
                Problem(self.display, *where, "anchors and aliases (&, *) are not allowed", _ALIAS_HINT)
            )
            return None
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem(self.display, *where, f"YAML tag '{node.tag}' is not allowed", "plain data only")
            )
            return None
        self.values[path] = where
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag in _SCALARS:
            return self._constructor.construct_object(node)
        text = str(node.value)
        control = next((c for c in text if c in _CONTROL), None)
        if control is not None:  # reachable through escapes like "\f"; RDF writers and parsers disagree on them
            message = f"control character U+{ord(control):04X} in text"
            self.problems.append(Problem(self.display, *where, message, "remove it"))
        return text

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, *where, "a key must be a plain word"))
                continue
            key = str(key_node.value)
            if key in result:
                first = self.keys[(*path, key)]
                self.problems.append(
                    Problem(
                        self.display,
                        *where,
                        f"duplicate key '{key}' (first given at line {first[0]}, column {first[1]})",
                        "give each key once",
                    )
                )
                continue
            self.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result
