"""Turning what a person or a program typed into an engine ``Query``.

One parser for the page, the API and the command line, so the three accept exactly the
same input: a name; optionally a type (person, organisation, vessel, aircraft), a country
(ISO alpha-2 code or a name in Dutch or English) and a date of birth (``YYYY`` or
``YYYY-MM-DD``). Problems come back as ``[{field, message}]`` (all at once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.engine.model import EntityKind, FuzzyDate, Query

KINDS = ("person", "organisation", "vessel", "aircraft")
_DOB = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
MAX_NAME = 300


@dataclass(frozen=True)
class ParsedQuery:
    query: Query
    errors: list[dict]


def country_to_code(text: str) -> str | None:
    """ISO alpha-2 for a code or a country name (Dutch or English), or None."""
    from foro.core.models import Country
    from foro.screening.importers.countries import country_code, is_iso2

    value = " ".join(text.split())
    if not value:
        return None
    if len(value) == 2 and is_iso2(value.upper()):
        return value.upper()
    row = (
        Country.objects.filter(name_en__iexact=value).first()
        or Country.objects.filter(name_nl__iexact=value).first()
    )
    if row is not None:
        return row.code
    return country_code(value)


def parse_query(
    *, name: str, kind: str = "", country: str = "", dob: str = "", prefix: str = ""
) -> ParsedQuery:
    """Validate one query. ``prefix`` is put before field names in errors (batches)."""
    errors: list[dict] = []
    name = " ".join((name or "").split())
    if not name:
        errors.append({"field": f"{prefix}name", "message": _("A name is required.")})
    elif len(name) > MAX_NAME:
        errors.append(
            {
                "field": f"{prefix}name",
                "message": _("A name has at most %(n)d characters.") % {"n": MAX_NAME},
            }
        )
    entity_kind = None
    kind = (kind or "").strip().lower()
    if kind:
        if kind in KINDS:
            entity_kind = EntityKind(kind)
        else:
            errors.append(
                {
                    "field": f"{prefix}type",
                    "message": _("Unknown type %(value)s: use %(allowed)s.")
                    % {"value": kind, "allowed": ", ".join(KINDS)},
                }
            )
    countries: tuple[str, ...] = ()
    if (country or "").strip():
        code = country_to_code(country)
        if code is None:
            errors.append(
                {
                    "field": f"{prefix}country",
                    "message": _(
                        "Unknown country %(value)s: use an ISO code such as BE or a country name."
                    )
                    % {"value": country.strip()},
                }
            )
        else:
            countries = (code,)
    birth = None
    dob = (dob or "").strip()
    if dob:
        try:
            if not _DOB.match(dob):
                raise ValueError(dob)
            birth = FuzzyDate.parse(dob)
        except ValueError:
            errors.append(
                {
                    "field": f"{prefix}dob",
                    "message": _("Date of birth %(value)s is not YYYY or YYYY-MM-DD.")
                    % {"value": dob},
                }
            )
    query = Query(name=name, kind=entity_kind, countries=countries, birth_date=birth)
    return ParsedQuery(query, errors)


def check_threshold(value: float | None) -> tuple[float, list[dict]]:
    if value is None:
        return DEFAULT_THRESHOLD, []
    if not 0 < value <= 1:
        return DEFAULT_THRESHOLD, [
            {"field": "threshold", "message": _("The threshold is above 0 and at most 1.")}
        ]
    return float(value), []


def check_lists(codes: list[str] | None, known: set[str]) -> tuple[list[str] | None, list[dict]]:
    """None (every list) or the wanted codes; unknown codes are an error, not ignored."""
    if not codes:
        return None, []
    wanted = [c.strip() for c in codes if c.strip()]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        return None, [
            {
                "field": "lists",
                "message": _("Unknown list(s) %(codes)s; loaded: %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known)) or "-"},
            }
        ]
    return wanted, []
