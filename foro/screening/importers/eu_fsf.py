"""EU consolidated financial sanctions list, the Financial Sanctions Files (FSF) XML 1.1.

Written from the European Commission's description of the FSF export and its XSD
(namespace ``http://eu.europa.ec/fpi/fsd/export``); no real copy of the file is in the
project, the test fixture is written from that description. The file::

    <export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-11-30T17:01:02.123+01:00">
      <sanctionEntity logicalId="13" euReferenceNumber="EU.27.28" unitedNationId="QDi.001"
                      designationDate="2001-10-08" designationDetails="">
        <remark>...</remark>
        <regulation programme="IRQ" publicationDate="..." entryIntoForceDate="..." numberTitle="...">
          <publicationUrl>...</publicationUrl></regulation>
        <subjectType code="person" classificationCode="P"/>          (person | enterprise)
        <nameAlias wholeName="..." firstName="" middleName="" lastName="" title="" function=""
                   gender="M" nameLanguage="" strong="true" logicalId="17"/>
        <citizenship countryIso2Code="IQ" countryDescription="IRAQ" region=""/>
        <birthdate birthdate="1937-04-28" dayOfMonth="28" monthOfYear="4" year="1937"
                   circa="false" calendarType="GREGORIAN" city="al-Awja" place=""
                   countryIso2Code="IQ" countryDescription="IRAQ"/>
        <identification identificationTypeCode="passport" identificationTypeDescription="..."
                   number="..." latinNumber="" countryIso2Code="" countryDescription=""
                   diplomatic="false" knownExpired="false" knownFalse="false"/>
        <address street="" poBox="" city="" zipCode="" region="" place=""
                 countryIso2Code="" countryDescription=""/>
      </sanctionEntity>
    </export>

A structure check stands in for the XSD (the schema itself is not shipped): the root is
``export`` in the FSF namespace with a ``generationDate``; a ``sanctionEntity`` has a
numeric ``logicalId``, exactly one ``subjectType`` whose ``code`` is ``person`` or
``enterprise``, at least one ``nameAlias`` with a name, only the child elements the XSD
lists (remark, regulation, subjectType, nameAlias, citizenship, birthdate, identification,
address), booleans written ``true``/``false``, and dates as ``YYYY-MM-DD``. Anything else
refuses the whole file with its line.

The entry id is ``euReferenceNumber`` (``EU.27.28``), or ``logicalId`` when there is none
(counted in ``counts["ids_from_logical_id"]``). The first ``nameAlias`` is the primary
name; the others are strong aliases, or weak ones when ``strong="false"``. A name in a
non-Latin script is marked ``original_script``. Country codes ``00`` (the FSF's
"unknown") are no country; other codes must be ISO 3166-1 alpha-2 (or ``XK``), else the
description is mapped like the other lists' country names.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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
    xml_records,
)
from foro.screening.importers.countries import CountryMapper, is_iso2
from foro.screening.importers.errors import ImportFormatError

if TYPE_CHECKING:
    from lxml.etree import _Element

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

_KINDS = {"person": EntityKind.PERSON, "enterprise": EntityKind.ORGANISATION}
_CHILDREN = frozenset(
    {
        "remark",
        "regulation",
        "subjectType",
        "nameAlias",
        "citizenship",
        "birthdate",
        "identification",
        "address",
    }
)
_BOOLEANS = ("strong", "circa", "diplomatic", "knownExpired", "knownFalse", "reportedLost")
_ID_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "nationcert": "national_id",
    "nrn": "national_id",
    "ssn": "national_id",
    "fiscalcode": "tax_id",
    "regnumber": "registration",
    "tradelic": "registration",
    "imo": "imo",
    "swiftbic": "swift",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(elem: _Element, key: str) -> str:
    return re.sub(r"\s+", " ", elem.get(key) or "").strip()


def _iso_date(file: str, where: str, key: str, text: str) -> date | None:
    if not text:
        return None
    if not _ISO_DATE.fullmatch(text[:10]):
        raise ImportFormatError(file, where, f"{key} is not a date (YYYY-MM-DD): {text!r}")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ImportFormatError(file, where, f"{key} is not a date: {text!r}") from None


def load(path: Path, progress: Progress | None = None) -> ParsedList:
    name = path.name
    info = file_info_streamed(path)
    mapper = CountryMapper()
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    published: date | None = None
    ticker = Ticker(progress, None, every=200)
    counts = {
        "aliases": 0,
        "weak_aliases": 0,
        "original_script_names": 0,
        "addresses": 0,
        "documents": 0,
        "unparsed_birth_dates": 0,
        "ids_from_logical_id": 0,
    }
    root_checked = False
    for elem, _tag, n, line in xml_records(name, path, "export", {"sanctionEntity"}):
        where = f"line {line}, sanctionEntity #{n}"
        if not root_checked:
            root_checked = True
            root = elem.getroottree().getroot()
            namespace = str(root.tag)[1:].split("}", 1)[0] if str(root.tag).startswith("{") else ""
            if namespace != NAMESPACE:
                raise ImportFormatError(
                    name,
                    "line 1, export",
                    f"namespace {namespace or '(none)'!r}, expected {NAMESPACE!r}: "
                    "not an FSF export file",
                )
            generated = _attr(root, "generationDate")
            if not generated:
                raise ImportFormatError(name, "line 1, export", "no generationDate")
            published = _iso_date(name, "line 1, export", "generationDate", generated)
        entry = _entry(elem, where, name, mapper, counts)
        if entry.entry_id in lines:
            raise ImportFormatError(
                name,
                where,
                f"duplicate entry id {entry.entry_id} (first on line {lines[entry.entry_id]})",
            )
        lines[entry.entry_id] = line
        entries.append(entry)
        ticker.tick()
    if not entries:
        raise ImportFormatError(name, "end of file", "no sanctionEntity elements: zero entries")
    ticker.finish()
    out = entry_counts(entries, counts)
    out["unmapped_countries"] = mapper.summary()
    return ParsedList("eu-fsf-xml", entries, [info], combined_sha256([info]), published, out)


def _country(
    elem: _Element, mapper: CountryMapper, unmapped: list[str], file: str, where: str
) -> str | None:
    code = _attr(elem, "countryIso2Code").upper()
    description = _attr(elem, "countryDescription")
    if code in ("", "00"):
        return mapper.map(description, unmapped) if description else None
    if not re.fullmatch(r"[A-Z0-9]{2}", code):
        raise ImportFormatError(file, where, f"countryIso2Code {code!r} is not a 2-letter code")
    if is_iso2(code):
        return code
    return mapper.map(description or code, unmapped)


def _entry(
    elem: _Element, where: str, file: str, mapper: CountryMapper, counts: dict[str, int]
) -> Entry:
    logical_id = _attr(elem, "logicalId")
    if not logical_id.isdigit():
        raise ImportFormatError(file, where, f"logicalId {logical_id!r} is missing or not a number")
    entry_id = _attr(elem, "euReferenceNumber")
    if not entry_id:
        entry_id = logical_id
        counts["ids_from_logical_id"] += 1
    extra: dict[str, list[str]] = {"logical_id": [logical_id]}
    unmapped: list[str] = []

    def add(key: str, value: str) -> None:
        if value:
            extra.setdefault(key, []).append(value)

    add("un_reference", _attr(elem, "unitedNationId"))
    listed_on = _iso_date(file, where, "designationDate", _attr(elem, "designationDate"))
    children: dict[str, list[_Element]] = {}
    for child in elem:
        local = _local(child.tag)
        if not local:
            continue  # comments are removed by the reader; anything else is not an element
        if local not in _CHILDREN:
            raise ImportFormatError(
                file, f"{where}, line {child.sourceline}", f"unexpected element <{local}>"
            )
        for key in _BOOLEANS:
            value = child.get(key)
            if value is not None and value not in ("true", "false"):
                raise ImportFormatError(
                    file,
                    f"{where}, line {child.sourceline}, <{local}>",
                    f"{key}={value!r}: expected true or false",
                )
        children.setdefault(local, []).append(child)

    subject = children.get("subjectType", [])
    if len(subject) != 1:
        raise ImportFormatError(file, where, f"{len(subject)} subjectType elements, expected 1")
    code = _attr(subject[0], "code")
    kind = _KINDS.get(code)
    if kind is None:
        raise ImportFormatError(file, where, f"unknown subjectType code {code!r}")

    names: list[Name] = []
    for i, node in enumerate(children.get("nameAlias", [])):
        whole = _attr(node, "wholeName") or " ".join(
            p for p in (_attr(node, k) for k in ("firstName", "middleName", "lastName")) if p
        )
        if not whole:
            raise ImportFormatError(
                file, f"{where}, line {node.sourceline}, nameAlias", "a nameAlias without a name"
            )
        script = non_latin(whole)
        if script:
            counts["original_script_names"] += 1
        if i == 0:
            quality = NameQuality.PRIMARY
        else:
            counts["aliases"] += 1
            quality = NameQuality.STRONG if node.get("strong") != "false" else NameQuality.WEAK
            if quality == NameQuality.WEAK:
                counts["weak_aliases"] += 1
        names.append(Name(whole, quality, original_script=script))
        add("title", _attr(node, "title"))
        add("function", _attr(node, "function"))
        add("gender", _attr(node, "gender"))
    if not names:
        raise ImportFormatError(file, where, f"entry {entry_id} has no nameAlias")

    birth_dates: list[FuzzyDate] = []
    for node in children.get("birthdate", []):
        at = f"{where}, line {node.sourceline}, birthdate"
        full = _attr(node, "birthdate")
        year = _attr(node, "year")
        month = _attr(node, "monthOfYear") or _attr(node, "month")
        day = _attr(node, "dayOfMonth") or _attr(node, "day")
        exact = _iso_date(file, at, "birthdate", full)  # xs:date in the XSD: refused if not
        try:
            if exact is not None:
                birth_dates.append(FuzzyDate(exact, exact))
            elif year:
                if not year.isdigit() or len(year) != 4:
                    raise ValueError(year)
                text = year + (f"-{int(month):02d}" if month else "")
                text += f"-{int(day):02d}" if month and day else ""
                birth_dates.append(FuzzyDate.parse(text))
        except ValueError:
            counts["unparsed_birth_dates"] += 1
            add("birth_date_notes", " ".join(p for p in (day, month, year) if p))
        if node.get("circa") == "true":
            add("birth_date_notes", f"circa {full or year}")
        place = ", ".join(p for p in (_attr(node, k) for k in ("place", "city", "region")) if p)
        country = _attr(node, "countryDescription")
        add("place_of_birth", ", ".join(p for p in (place, country) if p and p != "UNKNOWN"))

    nationalities = [
        _country(node, mapper, unmapped, file, f"{where}, line {node.sourceline}, citizenship")
        for node in children.get("citizenship", [])
    ]

    countries: list[str | None] = []
    for node in children.get("address", []):
        at = f"{where}, line {node.sourceline}, address"
        parts = [_attr(node, k) for k in ("street", "poBox", "zipCode", "city", "region", "place")]
        description = _attr(node, "countryDescription")
        text = ", ".join(p for p in (*parts, description) if p and p != "UNKNOWN")
        if text:
            counts["addresses"] += 1
            add("addresses", text)
        countries.append(_country(node, mapper, unmapped, file, at))

    identifiers: list[Identifier] = []
    for node in children.get("identification", []):
        at = f"{where}, line {node.sourceline}, identification"
        type_code = _attr(node, "identificationTypeCode")
        number = _attr(node, "number") or _attr(node, "latinNumber")
        description = _attr(node, "identificationTypeDescription") or type_code
        if not number:
            continue
        counts["documents"] += 1
        issuer = _country(node, mapper, unmapped, file, at)
        flags = [k for k in ("knownFalse", "knownExpired", "reportedLost") if node.get(k) == "true"]
        add("documents", f"{description} {number}" + (f" ({', '.join(flags)})" if flags else ""))
        identifiers.append(
            Identifier(_ID_KINDS.get(type_code.lower(), "other"), number, issuer or "")
        )

    programmes = [_attr(node, "programme") for node in children.get("regulation", [])]
    for node in children.get("regulation", []):
        add("regulations", _attr(node, "numberTitle"))
    remarks = "; ".join(
        re.sub(r"\s+", " ", node.text or "").strip() for node in children.get("remark", [])
    ).strip("; ")
    if unmapped:
        extra["unmapped_countries"] = unmapped
    return Entry(
        entry_id=entry_id,
        kind=kind,
        names=dedupe_names(names),
        birth_dates=unique(birth_dates),
        nationalities=unique(nationalities),
        countries=unique(countries),
        identifiers=unique(identifiers),
        programmes=unique(programmes),
        listed_on=listed_on,
        remarks=remarks,
        extra={k: join_extra(v) for k, v in extra.items() if join_extra(v)},
    )
