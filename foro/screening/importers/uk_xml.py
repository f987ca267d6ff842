"""UK Sanctions List (FCDO), its XML format (``UK-Sanctions-List.xml``).

Since 28 January 2026 the UK Sanctions List published by the Foreign, Commonwealth &
Development Office is the one UK list: OFSI's "Consolidated List of Asset Freeze Targets"
(ConList.csv / ConList.xml) was frozen then and its data carried over (``OFSIGroupID``).
foro reads the XML of the UK Sanctions List; the CSV and ODS copies hold the same data.
Written from the FCDO's description of the list's fields ("UK Sanctions List: data
format"); no real copy of the file is in the project, the test fixture is written from
that description. The file::

    <Designations>
      <DateGenerated>30/11/2026</DateGenerated>
      <Designation>
        <LastUpdated>16/04/2026</LastUpdated> <DateDesignated>29/06/2012</DateDesignated>
        <UniqueID>AFG0001</UniqueID> <OFSIGroupID>12345</OFSIGroupID>
        <UNReferenceNumber>TAi.155</UNReferenceNumber>
        <Names><Name><Name1>..</Name1>..<Name6>surname</Name6>
                     <NameType>Primary Name | Primary Name Variation | Alias</NameType>
                     <AliasStrength>Good quality | Low quality</AliasStrength></Name></Names>
        <NonLatinNames><NonLatinName><NameNonLatinScript>..</NameNonLatinScript>
                       <NonLatinScriptLanguage>Arabic</NonLatinScriptLanguage></NonLatinName></NonLatinNames>
        <RegimeName>..</RegimeName>
        <IndividualEntityShip>Individual | Entity | Ship</IndividualEntityShip>
        <DesignationSource>UK | UN</DesignationSource> <SanctionsImposed>Asset freeze|..</SanctionsImposed>
        <OtherInformation>..</OtherInformation> <UKStatementofReasons>..</UKStatementofReasons>
        <Addresses><Address><AddressLine1>..</AddressLine1>..<AddressCountry>..</AddressCountry></Address></Addresses>
        <IndividualDetails><Individual>
            <DOBs><DOB>dd/mm/1962</DOB></DOBs> <Nationalities><Nationality>..</Nationality></Nationalities>
            <BirthDetails><Location><TownOfBirth/><CountryOfBirth/></Location></BirthDetails>
            <PassportDetails><Passport><PassportNumber/></Passport></PassportDetails>
            <NationalIdentifierDetails><NationalIdentifier><NationalIdentifierNumber/>..
        </Individual></IndividualDetails>
        <ShipDetails><Ship><IMONumbers><IMONumber/></IMONumbers>
            <CurrentBelievedFlagOfShips><CurrentBelievedFlagOfShip/>..</Ship></ShipDetails>
      </Designation>
    </Designations>

Strict: the root must be ``Designations``; a ``Designation`` needs a ``UniqueID`` (unique
in the file), an ``IndividualEntityShip`` of the three values and a name of type
``Primary Name``; a ``NameType`` or ``AliasStrength`` the format does not list refuses the
file (a new value needs a look before its names are trusted). Dates are ``DD/MM/YYYY``,
the day or the month may be the letters ``dd`` / ``mm`` (unknown); ISO dates are read too.
A date that is neither refuses the file, except a date of birth, which is kept as a note.
Names join ``Name1`` to ``Name6`` with spaces (``Name6`` is the surname or the whole name
of an entity). "Primary Name Variation" and good-quality aliases are strong, low-quality
aliases weak.
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
    xml_children,
    xml_records,
    xml_text,
)
from foro.screening.importers.countries import CountryMapper
from foro.screening.importers.errors import ImportFormatError

if TYPE_CHECKING:
    from lxml.etree import _Element

_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "ship": EntityKind.VESSEL,
}
_NAME_TYPES = {"primary name", "primary name variation", "alias"}
_WEAK = {"low quality", "low"}
_STRONG = {"", "good quality", "good", "high quality"}
_DMY = re.compile(r"(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})", re.I)


def _descendants(elem: _Element, tag: str) -> list[_Element]:
    return [e for e in elem.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == tag]


def _texts(elem: _Element, tag: str) -> list[str]:
    return [
        t for t in (re.sub(r"\s+", " ", e.text or "").strip() for e in _descendants(elem, tag)) if t
    ]


def parse_uk_date(text: str) -> FuzzyDate | None:
    """``DD/MM/YYYY`` with ``dd``/``mm`` for an unknown day or month, or ISO; None if neither."""
    text = text.strip()
    m = _DMY.fullmatch(text)
    try:
        if m:
            day, month, year = m.groups()
            if month.lower() == "mm":
                return FuzzyDate.parse(year)
            if day.lower() == "dd":
                return FuzzyDate.parse(f"{year}-{int(month):02d}")
            return FuzzyDate.parse(f"{year}-{int(month):02d}-{int(day):02d}")
        iso = re.fullmatch(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T[0-9:.+Z-]*)?", text)
        if iso:
            return FuzzyDate.parse(iso.group(1))
    except ValueError:
        return None
    return None


def _date(file: str, where: str, key: str, text: str) -> date | None:
    if not text:
        return None
    parsed = parse_uk_date(text)
    if parsed is None:
        raise ImportFormatError(file, where, f"{key} is not a date (DD/MM/YYYY): {text!r}")
    return parsed.earliest if parsed.is_exact else None  # dd/mm/2011: a year, not a day


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
    }
    for elem, local, n, line in xml_records(
        name, path, "Designations", {"Designation"}, {"DateGenerated"}
    ):
        if local == "DateGenerated":
            published = _date(name, f"line {line}, DateGenerated", "DateGenerated", xml_text(elem))
            continue
        where = f"line {line}, Designation #{n}"
        entry = _entry(elem, where, name, mapper, counts)
        if entry.entry_id in lines:
            raise ImportFormatError(
                name,
                where,
                f"duplicate UniqueID {entry.entry_id} (first on line {lines[entry.entry_id]})",
            )
        lines[entry.entry_id] = line
        entries.append(entry)
        ticker.tick()
    if not entries:
        raise ImportFormatError(name, "end of file", "no Designation elements: zero entries")
    ticker.finish()
    out = entry_counts(entries, counts)
    out["unmapped_countries"] = mapper.summary()
    return ParsedList("uk-xml", entries, [info], combined_sha256([info]), published, out)


def _entry(
    elem: _Element, where: str, file: str, mapper: CountryMapper, counts: dict[str, int]
) -> Entry:
    entry_id = xml_text(elem, "UniqueID")
    if not entry_id:
        raise ImportFormatError(file, where, "no UniqueID")
    type_text = xml_text(elem, "IndividualEntityShip")
    kind = _KINDS.get(type_text.lower())
    if kind is None:
        raise ImportFormatError(
            file, where, f"IndividualEntityShip {type_text!r}: expected Individual, Entity or Ship"
        )
    extra: dict[str, list[str]] = {}
    unmapped: list[str] = []

    def add(key: str, value: str) -> None:
        if value:
            extra.setdefault(key, []).append(value)

    names: list[Name] = []
    primary_seen = False
    for names_node in xml_children(elem, "Names"):
        for node in xml_children(names_node, "Name"):
            at = f"{where}, line {node.sourceline}, Name"
            text = " ".join(
                p for p in (xml_text(node, f"Name{i}") for i in range(1, 7)) if p
            ) or xml_text(node, "Name")
            name_type = xml_text(node, "NameType")
            strength = xml_text(node, "AliasStrength").lower()
            if name_type.lower() not in _NAME_TYPES:
                raise ImportFormatError(file, at, f"unknown NameType {name_type!r}")
            if strength not in _STRONG | _WEAK:
                raise ImportFormatError(file, at, f"unknown AliasStrength {strength!r}")
            if not text:
                raise ImportFormatError(file, at, "a Name without Name1..Name6")
            if name_type.lower() == "primary name":
                primary_seen = True
                quality = NameQuality.PRIMARY
            else:
                counts["aliases"] += 1
                quality = NameQuality.WEAK if strength in _WEAK else NameQuality.STRONG
                if quality == NameQuality.WEAK:
                    counts["weak_aliases"] += 1
            names.append(Name(text, quality, original_script=non_latin(text)))
    if not primary_seen:
        raise ImportFormatError(file, where, f"designation {entry_id} has no Primary Name")
    for text in _texts(elem, "NameNonLatinScript"):
        counts["original_script_names"] += 1
        names.append(Name(text, NameQuality.PRIMARY, original_script=True))

    birth_dates: list[FuzzyDate] = []
    for text in _texts(elem, "DOB"):
        parsed = parse_uk_date(text)
        if parsed is None:
            counts["unparsed_birth_dates"] += 1
            add("birth_date_notes", text)
        else:
            birth_dates.append(parsed)
    nationalities = [mapper.map(t, unmapped) for t in _texts(elem, "Nationality")]
    countries: list[str | None] = []
    for node in _descendants(elem, "Address"):
        lines = [xml_text(node, f"AddressLine{i}") for i in range(1, 7)]
        country = xml_text(node, "AddressCountry")
        text = ", ".join(p for p in (*lines, xml_text(node, "AddressPostalCode"), country) if p)
        if text:
            counts["addresses"] += 1
            add("addresses", text)
        if country:
            countries.append(mapper.map(country, unmapped))
    for text in _texts(elem, "CurrentBelievedFlagOfShip"):
        countries.append(mapper.map(text, unmapped))
    for node in _descendants(elem, "Location"):
        add(
            "place_of_birth",
            ", ".join(
                p for p in (xml_text(node, "TownOfBirth"), xml_text(node, "CountryOfBirth")) if p
            ),
        )

    identifiers: list[Identifier] = []
    for tag, number_tag, kind_name in (
        ("Passport", "PassportNumber", "passport"),
        ("NationalIdentifier", "NationalIdentifierNumber", "national_id"),
    ):
        for node in _descendants(elem, tag):
            number = xml_text(node, number_tag)
            if number:
                counts["documents"] += 1
                identifiers.append(Identifier(kind_name, number))
                note = xml_text(node, f"{tag}AdditionalInformation")
                add("documents", f"{kind_name} {number}" + (f" ({note})" if note else ""))
    for text in _texts(elem, "IMONumber"):
        identifiers.append(Identifier("imo", re.sub(r"^IMO\s*", "", text, flags=re.I)))

    for key, tag in (
        ("ofsi_group_id", "OFSIGroupID"),
        ("un_reference", "UNReferenceNumber"),
        ("designation_source", "DesignationSource"),
        ("sanctions_imposed", "SanctionsImposed"),
        ("last_updated", "LastUpdated"),
        ("title", "Title"),
        ("position", "Position"),
        ("statement_of_reasons", "UKStatementofReasons"),
    ):
        for text in _texts(elem, tag):
            add(key, text)
    _date(file, where, "LastUpdated", xml_text(elem, "LastUpdated"))
    listed_on = _date(file, where, "DateDesignated", xml_text(elem, "DateDesignated"))
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
        programmes=unique(_texts(elem, "RegimeName")),
        listed_on=listed_on,
        remarks=xml_text(elem, "OtherInformation"),
        extra={k: join_extra(v) for k, v in extra.items() if join_extra(v)},
    )
