"""The combination of a name score with the other evidence: the final score of a hit.

See :func:`combine`: weak aliases count less, a type conflict lowers strongly, a birth
date or country agreement raises a little and a conflict lowers, an equal identifier is
very strong evidence. Every step is written into the hit's explanation and components.
The name score itself comes from ``scoring``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import EntityKind, Entry, FuzzyDate, Identifier, Name, NameQuality, Query

WEAK_ALIAS_FACTOR = 0.80
KIND_PERSON_CONFLICT = 0.50  # person vs organisation, vessel, aircraft
KIND_OTHER_CONFLICT = 0.80  # organisation vs vessel vs aircraft
DOB_AGREE = 0.25  # share of the remaining distance to 1 gained
DOB_NEAR = 0.97  # birth dates within a year of each other (typo, calendar, "circa")
DOB_CONFLICT = 0.70  # five years apart or more (an exact name alone then falls below
# DEFAULT_THRESHOLD); linear from DOB_NEAR in between
COUNTRY_AGREE = 0.10
COUNTRY_CONFLICT = 0.95
IDENTIFIER_AGREE = 0.80
IDENTIFIER_FLOOR = 0.90

_QUALITY_LABEL = {
    NameQuality.PRIMARY: "primary name",
    NameQuality.STRONG: "alias",
    NameQuality.WEAK: "weak alias",
}
_ID_RE = re.compile(r"[^0-9A-Z]")


def normalise_identifier(value: str) -> str:
    return _ID_RE.sub("", value.upper())


def _known(kind: EntityKind | None) -> bool:
    return kind is not None and kind != EntityKind.UNKNOWN


def _year_gap(a: FuzzyDate, b: FuzzyDate) -> float:
    if a.overlaps(b):
        return 0.0
    if a.latest < b.earliest:
        return (b.earliest - a.latest).days / 365.25
    return (a.earliest - b.latest).days / 365.25


def _fmt_dates(dates: Iterable[FuzzyDate]) -> str:
    return ", ".join(str(d) for d in dates)


def combine(
    name_score: float, name: Name, query: Query, entry: Entry, read_as: str = ""
) -> tuple[float, dict[str, float], str]:
    """Final score, components and explanation of one query against one entry.

    ``read_as``: how the query's name was read when not in its plain transliteration
    (``readings``), e.g. 'read as "kim jong un" (Korean name in Cyrillic)'.
    """
    components: dict[str, float] = {"name": round(name_score, 4)}
    label = _QUALITY_LABEL.get(name.quality, "alias")
    if name.original_script:
        label += ", original script"
    queried = f'"{query.name}" {read_as}' if read_as else f'"{query.name}"'
    parts = [f'name {name_score:.2f} ({queried} ~ "{name.text}", {label})']
    s = name_score
    if name.quality == NameQuality.WEAK:
        s2 = s * WEAK_ALIAS_FACTOR
        components["weak_alias"] = round(s2 - s, 4)
        parts.append(f"weak alias counts {WEAK_ALIAS_FACTOR:.0%}")
        s = s2
    if _known(query.kind) and _known(entry.kind) and query.kind != entry.kind:
        person = EntityKind.PERSON in (query.kind, entry.kind)
        s2 = s * (KIND_PERSON_CONFLICT if person else KIND_OTHER_CONFLICT)
        components["kind"] = round(s2 - s, 4)
        parts.append(f"type {query.kind} ≠ {entry.kind}")
        s = s2
    elif _known(query.kind) and query.kind == entry.kind:
        components["kind"] = 0.0
    if query.birth_date is not None and entry.birth_dates:
        gap = min(_year_gap(query.birth_date, d) for d in entry.birth_dates)
        if gap == 0.0:
            s2 = s + (1.0 - s) * DOB_AGREE
            agreeing = [d for d in entry.birth_dates if d.overlaps(query.birth_date)]
            parts.append(f"born {query.birth_date} = {_fmt_dates(agreeing)}")
        else:
            far = min(1.0, max(0.0, (gap - 1.0) / 4.0))
            s2 = s * (DOB_NEAR - (DOB_NEAR - DOB_CONFLICT) * far)
            parts.append(f"born {query.birth_date} ≠ {_fmt_dates(entry.birth_dates)}")
        components["birth_date"] = round(s2 - s, 4)
        s = s2
    if query.countries and (entry.nationalities or entry.countries):
        q = {c.upper() for c in query.countries}
        nat = [c for c in entry.nationalities if c.upper() in q]
        other = [c for c in entry.countries if c.upper() in q and c not in nat]
        if nat or other:
            s2 = s + (1.0 - s) * COUNTRY_AGREE
            if nat:
                parts.append(
                    f"nationality {', '.join(sorted(q & {c.upper() for c in nat}))} = {', '.join(nat)}"
                )
            if other:
                parts.append(
                    f"country {', '.join(sorted(q & {c.upper() for c in other}))} = {', '.join(other)}"
                )
        else:
            s2 = s * COUNTRY_CONFLICT
            listed = list(dict.fromkeys([*entry.nationalities, *entry.countries]))
            parts.append(f"country {', '.join(sorted(q))} ≠ {', '.join(listed)}")
        components["country"] = round(s2 - s, 4)
        s = s2
    if query.identifiers and entry.identifiers:
        match = _identifier_match(query.identifiers, entry.identifiers)
        if match is not None:
            s2 = max(s + (1.0 - s) * IDENTIFIER_AGREE, IDENTIFIER_FLOOR)
            components["identifier"] = round(s2 - s, 4)
            parts.append(f"{match.kind} {match.value} = {match.value}")
            s = s2
        else:
            components["identifier"] = 0.0
    s = max(0.0, min(1.0, s))
    components["score"] = round(s, 4)
    return s, components, "; ".join(parts)


def max_gain(query: Query) -> float:
    """At best, :func:`combine` leaves ``1 - gain x (1 - name score)`` (identifiers aside):
    the agreement of the query's birth date and countries closes that share of the gap."""
    gain = 1.0
    if query.birth_date is not None:
        gain *= 1.0 - DOB_AGREE
    if query.countries:
        gain *= 1.0 - COUNTRY_AGREE
    return gain


def _identifier_match(
    query_ids: tuple[Identifier, ...], entry_ids: tuple[Identifier, ...]
) -> Identifier | None:
    for qi in query_ids:
        qv = normalise_identifier(qi.value)
        if len(qv) < 4:
            continue
        for ei in entry_ids:
            if normalise_identifier(ei.value) != qv:
                continue
            if qi.kind != ei.kind and "other" not in (qi.kind, ei.kind):
                continue
            if qi.country and ei.country and qi.country.upper() != ei.country.upper():
                continue
            return ei
    return None
