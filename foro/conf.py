"""Settings read from environment variables, each with a default and a description.

Every variable is declared once with :func:`env`; ``foro config docs`` writes the
list to ``docs/configuration.md`` and ``make test`` checks that the file is current.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    description: str
    kind: str
    doc_default: str | None = None


REGISTRY: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(
    name: str, default: Any, description: str, kind: str = "str", *, doc_default: str | None = None
) -> Any:
    """Read ``name`` from the environment, converting to ``kind`` (str, bool, int, list).

    ``doc_default`` is what the documentation shows when the real default depends on the
    machine (a path).
    """
    REGISTRY[name] = Variable(name, default, description, kind, doc_default)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if kind == "bool":
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{name} must be true or false, not {raw!r}")
    if kind == "int":
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc
    if kind == "list":
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def render_markdown() -> str:
    lines = [
        "# Configuration",
        "",
        "foro reads its settings from environment variables. This file is generated from",
        "`foro/settings.py` by `foro config docs`; `make test` fails when it is out of date.",
        "",
        "| variable | default | description |",
        "|---|---|---|",
    ]
    for var in REGISTRY.values():
        default = var.doc_default if var.doc_default is not None else var.default
        if isinstance(default, list):
            default = ",".join(default)
        shown = f"`{default}`" if default not in (None, "") else "(empty)"
        lines.append(f"| `{var.name}` | {shown} | {var.description} |")
    return "\n".join(lines) + "\n"
