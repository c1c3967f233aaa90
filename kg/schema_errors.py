"""Turn pydantic's validation errors into ``path:line:column`` problems a person can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from kg.errors import Problem
from kg.yaml_input import Document, FieldPath

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
}
_PATTERN_NAMES = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "an id of lowercase letters, digits and hyphens, like 'paris-meeting'",
    "^Q[1-9][0-9]*$": "a Wikidata item id like Q42",
    "^P[0-9]+[YMD]$": "an ISO 8601 duration like P10Y",
}


def problems_from(error: ValidationError, document: Document, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, located in ``document``."""
    return [_problem(item, document, model) for item in error.errors()]


def _problem(item: Any, document: Document, model: type[BaseModel]) -> Problem:
    path = _data_path(document.data, item["loc"])
    kind, value = item["type"], item.get("input")
    if kind == "missing":
        name = str(item["loc"][-1])
        return document.problem(path, f"missing field '{name}'", f"add '{name}: …' here")
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _fields(model, path[:-1])
        hint = _did_you_mean(name, allowed)
        message = f"unknown field '{name}' (expected one of: {', '.join(allowed)})"
        return document.problem(path, message, hint, key=True)
    if kind == "literal_error":
        expected = item["ctx"]["expected"]
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        message = f"'{_clip(str(value))}' is not allowed here (expected {expected})"
        return document.problem(path, message, _did_you_mean(str(value), choices))
    if kind == "string_too_long":
        limit = item["ctx"]["max_length"]
        message = f"'{_clip(str(value))}' is {len(str(value))} characters long (expected at most {limit} characters)"
        return document.problem(path, message, "shorten it")
    if kind == "string_pattern_mismatch":
        expected = _PATTERN_NAMES.get(item["ctx"]["pattern"], f"text matching {item['ctx']['pattern']}")
        return document.problem(path, f"'{_clip(str(value))}' is not valid here (expected {expected})")
    if value is None and kind in _TYPE_NAMES and path and isinstance(path[-1], str):
        # a key written with no value, as `kg new` leaves the fields only the annotator can fill in
        return document.problem(path, f"'{path[-1]}' is empty (expected {_TYPE_NAMES[kind]})", "fill it in")
    if kind in _TYPE_NAMES:
        return document.problem(path, f"expected {_TYPE_NAMES[kind]}, got {_describe(value)}")
    if kind == "too_short":
        return document.problem(path, "this list is empty (expected at least one entry)")
    return document.problem(path, item["msg"][0].lower() + item["msg"][1:])


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Keep the parts of pydantic's location that are keys and indexes of the data."""
    path: list[str | int] = []
    for part in loc:
        in_list = isinstance(part, int) and isinstance(data, list) and part < len(data)
        if in_list or (isinstance(part, str) and isinstance(data, dict) and part in data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            path.append(part)  # a missing or unknown key: locate it at its mapping
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _fields(model: type[BaseModel], path: FieldPath) -> list[str]:
    """The keys the mapping at ``path`` may have."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return sorted(f.alias or name for name, f in current.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{_clip(str(value))}'"


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
