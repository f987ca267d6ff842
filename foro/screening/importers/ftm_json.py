"""OpenSanctions entity export in the FollowTheMoney format (``entities.ftm.json``).

Written from the OpenSanctions and FollowTheMoney documentation; no real copy of an
export is in the project, the test fixture is written from that documentation. The file
is line-delimited JSON, UTF-8, one entity per line::

    {"id": "NK-2Vp...", "schema": "Person", "caption": "...", "target": true,
     "datasets": ["eu_fsf", "un_sc_sanctions"], "first_seen": "...", "last_change": "...",
     "properties": {"name": ["..."], "alias": ["..."], "weakAlias": ["..."],
                    "birthDate": ["1965", "1965-03-01"], "nationality": ["ru"],
                    "country": ["ru"], "passportNumber": ["..."], "topics": ["sanction"]}}

Entities of schema Person, Organization, Company, LegalEntity, PublicBody, Vessel and
Airplane become entries; the others in an export (Sanction, Address, Ownership,
Identification, Family...) describe them and are counted in ``counts["other_schemas"]``.
An entity with ``"target": false`` (a relative, an owner: in the export because a target
links to it, not listed itself) is skipped and counted in ``counts["not_targets"]``; an
entity without the key (an export of another FollowTheMoney tool) is taken.

Strict: every non-empty line must be a JSON object with a string ``id`` (unique in the
file), a string ``schema`` and a ``properties`` object of lists of strings; an entry
needs a ``name``. Anything else refuses the file with its line (and column). The format
has no count of its entities: a file cut exactly at the end of a line cannot be told
from a shorter one, a cut inside a line is refused.

Names: the first ``name`` is primary, further names, ``alias`` and ``previousName``
strong, ``weakAlias`` weak; names in another script than Latin are marked
``original_script``. Countries are FollowTheMoney's lower-case ISO codes (``ru``) with
their own additions (``suhh`` the Soviet Union, ``xk`` Kosovo…): ISO codes are kept,
the others counted as unmapped. Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(longer timestamps are cut to the day); anything else is kept as a note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from foro.screening.engine.model import EntityKind, Entry, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import (
    ParsedList,
    Progress,
    Ticker,
    combined_sha256,
    dedupe_names,
    entry_counts,
    file_info_streamed,
    join_extra,
    non_latin,
    unique,
)
from foro.screening.importers.countries import CountryMapper, is_iso2
from foro.screening.importers.errors import ImportFormatError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

KINDS: dict[str, EntityKind] = {
    "Person": EntityKind.PERSON,
    "Organization": EntityKind.ORGANISATION,
    "Company": EntityKind.ORGANISATION,
    "LegalEntity": EntityKind.ORGANISATION,
    "PublicBody": EntityKind.ORGANISATION,
    "Vessel": EntityKind.VESSEL,
    "Airplane": EntityKind.AIRCRAFT,
}
_IDENTIFIERS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "vatCode": "tax_id",
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "leiCode": "registration",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "swiftBic": "swift",
}
_EXTRA = {
    "birthPlace": "place_of_birth",
    "position": "position",
    "title": "title",
    "address": "addresses",
    "topics": "topics",
    "gender": "gender",
    "callSign": "call_sign",
}


def load(path: Path, progress: Progress | None = None) -> ParsedList:
    name = path.name
    info = file_info_streamed(path)
    if info[2] == 0:
        raise ImportFormatError(name, "line 1", "empty file")
    mapper = CountryMapper()
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    ticker = Ticker(progress, None, every=1000)
    counts: dict[str, int] = {
        "aliases": 0,
        "weak_aliases": 0,
        "original_script_names": 0,
        "unparsed_birth_dates": 0,
        "not_targets": 0,
    }
    other: dict[str, int] = {}
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            where = f"line {number}"
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise ImportFormatError(
                    name, f"{where}, byte {e.start + 1}", "not UTF-8 text"
                ) from None
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as e:
                raise ImportFormatError(
                    name, f"{where}, column {e.colno}", f"not JSON (malformed or cut): {e.msg}"
                ) from None
            entity_id, schema, props = _shape(name, where, data)
            if entity_id in lines:
                raise ImportFormatError(
                    name, where, f"duplicate id {entity_id} (first on line {lines[entity_id]})"
                )
            lines[entity_id] = number
            kind = KINDS.get(schema)
            if kind is None:
                other[schema] = other.get(schema, 0) + 1
                continue
            if data.get("target") is False:
                counts["not_targets"] += 1
                continue
            entries.append(_entry(name, where, entity_id, kind, data, props, mapper, counts))
            ticker.tick()
    if not entries:
        raise ImportFormatError(
            name, "end of file", "no Person, Organization, Company, Vessel… target: zero entries"
        )
    ticker.finish()
    out = entry_counts(entries, counts)
    out["other_schemas"] = dict(sorted(other.items()))
    out["unmapped_countries"] = mapper.summary()
    return ParsedList("ftm-json", entries, [info], combined_sha256([info]), None, out)


def _shape(file: str, where: str, data: object) -> tuple[str, str, dict[str, list[str]]]:
    if not isinstance(data, dict):
        raise ImportFormatError(file, where, "not a JSON object")
    entity_id, schema, props = data.get("id"), data.get("schema"), data.get("properties")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ImportFormatError(file, where, "no id")
    if _CONTROL.search(entity_id):
        raise ImportFormatError(file, where, "the id holds a control character")
    if not isinstance(schema, str) or not schema.isalpha() or not schema[:1].isupper():
        raise ImportFormatError(
            file, where, f"entity {entity_id}: schema {schema!r} is not a schema name"
        )
    if not isinstance(props, dict):
        raise ImportFormatError(file, where, f"entity {entity_id}: properties is not an object")
    for key, values in props.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ImportFormatError(
                file, where, f"entity {entity_id}: property {key} is not a list of strings"
            )
        for value in values:
            m = _CONTROL.search(value)
            if m:
                raise ImportFormatError(
                    file,
                    where,
                    f"entity {entity_id}: property {key} holds control character "
                    f"U+{ord(m.group()):04X}",
                )
    return entity_id.strip(), schema, props


_IMO = re.compile(r"^IMO\s*", re.I)
_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T[0-9:.+Z-]*)?")


def _date(text: str) -> FuzzyDate | None:
    m = _DATE.fullmatch(text.strip())
    if m is None:
        return None
    try:
        return FuzzyDate.parse(m.group(1))
    except ValueError:
        return None


def _entry(
    file: str,
    where: str,
    entity_id: str,
    kind: EntityKind,
    data: dict[str, object],
    props: dict[str, list[str]],
    mapper: CountryMapper,
    counts: dict[str, int],
) -> Entry:
    extra: dict[str, list[str]] = {}
    unmapped: list[str] = []

    def add(key: str, value: str) -> None:
        if value:
            extra.setdefault(key, []).append(value)

    names: list[Name] = []
    for i, text in enumerate(props.get("name", [])):
        names.append(Name(text, NameQuality.PRIMARY if i == 0 else NameQuality.STRONG))
    if not names:
        raise ImportFormatError(file, where, f"entity {entity_id} ({data['schema']}) has no name")
    for key, quality in (
        ("alias", NameQuality.STRONG),
        ("previousName", NameQuality.STRONG),
        ("weakAlias", NameQuality.WEAK),
    ):
        for text in props.get(key, []):
            counts["aliases"] += 1
            if quality == NameQuality.WEAK:
                counts["weak_aliases"] += 1
            names.append(Name(text, quality))
    marked = []
    for n in names:
        script = non_latin(n.text)
        counts["original_script_names"] += script
        marked.append(Name(n.text, n.quality, original_script=script))

    birth_dates: list[FuzzyDate] = []
    for text in props.get("birthDate", []):
        parsed = _date(text)
        if parsed is None:
            counts["unparsed_birth_dates"] += 1
            add("birth_date_notes", text)
        else:
            birth_dates.append(parsed)

    def country(code: str) -> str | None:
        upper = code.strip().upper()
        if is_iso2(upper):
            return upper
        return mapper.map(code, unmapped)

    nationalities = [
        country(c) for key in ("nationality", "citizenship") for c in props.get(key, [])
    ]
    countries = [
        country(c) for key in ("country", "jurisdiction", "flag") for c in props.get(key, [])
    ]
    identifiers = [
        Identifier(kind_name, _IMO.sub("", value.strip()) if kind_name == "imo" else value.strip())
        for key, kind_name in _IDENTIFIERS.items()
        for value in props.get(key, [])
        if value.strip()
    ]
    for key, target in _EXTRA.items():
        for value in props.get(key, []):
            add(target, value)
    datasets = data.get("datasets")
    programmes = [d for d in datasets if isinstance(d, str)] if isinstance(datasets, list) else []
    programmes += props.get("program", [])
    listed = [d for d in (_date(t) for t in props.get("createdAt", [])) if d is not None]
    if unmapped:
        extra["unmapped_countries"] = unmapped
    return Entry(
        entry_id=entity_id,
        kind=kind,
        names=dedupe_names(marked),
        birth_dates=unique(birth_dates),
        nationalities=unique(nationalities),
        countries=unique(countries),
        identifiers=unique(identifiers),
        programmes=unique(programmes),
        listed_on=listed[0].earliest if listed and listed[0].is_exact else None,
        remarks="; ".join(props.get("notes", [])),
        extra={k: join_extra(v) for k, v in extra.items() if join_extra(v)},
    )
