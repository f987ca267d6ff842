"""A small declarative form for the module's pages: fields described as data, rendered by
one template (``relations/_fields.html``), refilled with what was typed when a service
refuses the input, with each problem next to its field. Network's pages use it too."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from foro.core.errors import DomainError


@dataclass
class Field:
    name: str
    label: Any
    kind: str = "text"  # text, textarea, date, select, multiselect, number, file
    choices: Sequence[tuple[Any, Any]] = ()
    required: bool = False
    hint: Any = ""
    value: Any = ""
    errors: list[str] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        """The chosen values of a multiselect, as strings."""
        if isinstance(self.value, list | tuple):
            return [str(v) for v in self.value]
        return [str(self.value)] if self.value not in ("", None) else []


def bind(fields: Iterable[Field], data: QueryDict | None) -> list[Field]:
    """The fields with the submitted values (a multiselect keeps every value)."""
    out = list(fields)
    if data is None:
        return out
    for f in out:
        f.value = data.getlist(f.name) if f.kind == "multiselect" else data.get(f.name, "")
    return out


def values(fields: Iterable[Field]) -> dict[str, Any]:
    return {f.name: f.value for f in fields}


def show_errors(fields: Iterable[Field], exc: DomainError) -> list[str]:
    """Put each problem next to its field; what names no field is returned for the summary."""
    by_name = {f.name: f for f in fields}
    loose = []
    for problem in exc.errors:
        name = str(problem.get("field", "")).split("[")[0].split(".")[0]
        target = by_name.get(name)
        if target is None:
            loose.append(str(problem.get("message", "")))
        else:
            target.errors.append(str(problem.get("message", "")))
    if not exc.errors:
        loose.append(exc.detail)
    return loose
