from __future__ import annotations

from django.db.models import QuerySet

from foro.core.errors import NotFound
from foro.network.models import Representation
from foro.reference.selectors import current_rows


def representations() -> QuerySet[Representation]:
    return current_rows("representations")


def representation_get(code: str) -> Representation:
    rep = representations().filter(code=code.upper()).first()
    if rep is None:
        raise NotFound()
    return rep


def representations_covering(country_code: str) -> list[Representation]:
    code = country_code.upper()
    return [
        r for r in representations() if code in r.jurisdiction_codes or r.host_country_code == code
    ]
