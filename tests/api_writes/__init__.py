"""The API's write operations, one list per module: ``tests/api_writes/<module>.py`` defines
``WRITES``, a list of ``Write`` cases (the state each needs, who calls it, the body, the
answer). ``tests/test_api_clients.py`` runs every case with a bearer token through a client
that enforces CSRF, and with a session without the CSRF token (refused, nothing written), and
fails when an operation of the OpenAPI document has no case."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

V1 = "/api/v1"


@dataclass(frozen=True)
class Write:
    method: str
    #: the path as the OpenAPI document writes it
    path: str
    #: who calls it (a demo account)
    role: str
    setup: Callable[[Any], dict[str, Any]]
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    status: int = 200
    multipart: bool = False
    #: a check on the answer's JSON
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, params: dict[str, Any]) -> str:
        return self.path.format(**params)


def module_writes() -> list[Write]:
    """The ``WRITES`` of every module file in this package."""
    writes: list[Write] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        writes.extend(importlib.import_module(f"{__name__}.{info.name}").WRITES)
    return writes
