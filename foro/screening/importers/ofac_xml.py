"""OFAC XML (``sdn.xml``, ``consolidated.xml``): ``<sdnList>`` of ``<sdnEntry>``.

Namespace-aware by local name (OFAC has changed the namespace URI over the
years). Streams with lxml ``iterparse``. ``publshInformation`` (sic) gives
``Publish_Date`` (MM/DD/YYYY) -> ``published`` and ``Record_Count``, which must
equal the number of entries read (a cut between two entries is caught).

Names: ``lastName, firstName`` (as in OFAC's CSV), or ``lastName`` alone.
``akaList/aka`` category ``weak`` -> weak, otherwise strong. ``idList`` items
are identifiers when their ``idType`` is an identifier label (see
``ofac_remarks.ID_LABELS``); other ``idType`` values (websites, dates,
sanctions notes) go to ``extra``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from foro.screening.engine.model import EntityKind, Entry, Identifier, Name, NameQuality
from foro.screening.importers import (
    Counts,
    ParsedList,
    Progress,
    Ticker,
    combined_sha256,
    dedupe_names,
    file_info_streamed,
    join_extra,
    kind_counts,
    slug,
    unique,
    xml_children,
    xml_records,
    xml_text,
)
from foro.screening.importers.countries import CountryMapper
from foro.screening.importers.errors import ImportFormatError
from foro.screening.importers.ofac_remarks import classify_label, identifier_kind, parse_date

if TYPE_CHECKING:
    from lxml.etree import _Element

_TYPES = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}
_INFO_LIKE = re.compile(
    r"\bdate\b|information|directive|risk|\btype\b|\bname\b|ticker|website|e-?mail|phone|fax", re.I
)
_KNOWN = {
    "uid", "firstName", "lastName", "title", "sdnType", "remarks", "programList", "idList",
    "akaList", "addressList", "nationalityList", "citizenshipList", "dateOfBirthList",
    "placeOfBirthList", "vesselInfo",
}  # fmt: skip


def _name(elem: _Element) -> str:
    last, first = xml_text(elem, "lastName"), xml_text(elem, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def _publish_date(name: str, line: int, text: str) -> date | None:
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ImportFormatError(
            name, f"line {line}, Publish_Date", f"not a date: {text!r}"
        ) from None


def load(path: Path, progress: Progress | None = None) -> ParsedList:
    name = path.name
    info = file_info_streamed(path)
    mapper = CountryMapper()
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    published: date | None = None
    record_count: int | None = None
    ticker = Ticker(progress, None, every=200)
    counts = {"aliases": 0, "weak_aliases": 0, "addresses": 0, "unparsed_birth_dates": 0}

    for elem, local, n, line in xml_records(
        name, path, "sdnList", {"sdnEntry"}, {"publshInformation", "publishInformation"}
    ):
        if local != "sdnEntry":
            published = _publish_date(name, line, xml_text(elem, "Publish_Date"))
            rc = xml_text(elem, "Record_Count")
            if rc:
                if not rc.isdigit():
                    raise ImportFormatError(
                        name, f"line {line}, Record_Count", f"not a number: {rc!r}"
                    )
                record_count = int(rc)
                ticker.total = record_count
            continue
        where = f"line {line}, sdnEntry #{n}"
        uid = xml_text(elem, "uid")
        if not uid.isdigit():
            raise ImportFormatError(name, where, f"uid {uid!r} is missing or not a number")
        if uid in lines:
            raise ImportFormatError(
                name, where, f"duplicate uid {uid} (first on line {lines[uid]})"
            )
        lines[uid] = line
        primary = _name(elem)
        if not primary:
            raise ImportFormatError(name, where, f"entry {uid} has no lastName")
        sdn_type = xml_text(elem, "sdnType")
        kind = _TYPES.get(sdn_type.lower())
        if kind is None:
            raise ImportFormatError(name, where, f"unknown sdnType {sdn_type!r}")
        entries.append(_entry(elem, uid, kind, primary, mapper, counts))
        ticker.tick()

    if not entries:
        raise ImportFormatError(name, "end of file", "no sdnEntry elements: zero entries")
    if record_count is not None and record_count != len(entries):
        raise ImportFormatError(
            name,
            "end of file",
            f"Record_Count says {record_count} entries but the file has {len(entries)}: truncated or altered",
        )
    ticker.finish()
    out_counts: Counts = {"entries": len(entries), **kind_counts(entries)}
    out_counts.update(
        {
            "names": sum(len(e.names) for e in entries),
            "aliases": counts["aliases"],
            "weak_aliases": counts["weak_aliases"],
            "addresses": counts["addresses"],
            "identifiers": sum(len(e.identifiers) for e in entries),
            "birth_dates": sum(len(e.birth_dates) for e in entries),
            "unparsed_birth_dates": counts["unparsed_birth_dates"],
            "record_count": record_count,
            "unmapped_countries": mapper.summary(),
        }
    )
    return ParsedList("ofac-xml", entries, [info], combined_sha256([info]), published, out_counts)


def _entry(
    elem: _Element,
    uid: str,
    kind: EntityKind,
    primary: str,
    mapper: CountryMapper,
    counts: dict[str, int],
) -> Entry:
    unmapped: list[str] = []
    extra: dict[str, list[str]] = {}

    def add(key: str, value: str) -> None:
        if value:
            extra.setdefault(key, []).append(value)

    names = [Name(primary, NameQuality.PRIMARY)]
    for lst in xml_children(elem, "akaList"):
        for aka in xml_children(lst, "aka"):
            text = _name(aka)
            if not text:
                continue
            counts["aliases"] += 1
            weak = xml_text(aka, "category").lower() == "weak"
            counts["weak_aliases"] += weak
            names.append(Name(text, NameQuality.WEAK if weak else NameQuality.STRONG))

    programmes = [
        xml_text(p)
        for lst in xml_children(elem, "programList")
        for p in xml_children(lst, "program")
    ]

    identifiers: list[Identifier] = []
    countries: list[str | None] = []
    for lst in xml_children(elem, "idList"):
        for item in xml_children(lst, "id"):
            label, number, country = (
                xml_text(item, "idType"),
                xml_text(item, "idNumber"),
                xml_text(item, "idCountry"),
            )
            target = classify_label(label)
            if target and target[0] == "info":
                key = target[1]
                if key == "nationality_of_registration":
                    countries.append(mapper.map(country or number, unmapped))
                add(key, number or country)
                continue
            if target is None and _INFO_LIKE.search(label):
                add(slug(label), number + (f" ({country})" if country else ""))
                continue
            if not number:
                continue
            id_kind = target[1] if target else "other"
            id_kind, value = identifier_kind(id_kind, label, number)
            code = mapper.map(country, unmapped) if country else None
            identifiers.append(Identifier(id_kind, value, code or ""))
            if id_kind == "other":
                add("other_identifiers", f"{label} {value}")

    birth_dates = []
    for lst in xml_children(elem, "dateOfBirthList"):
        for item in xml_children(lst, "dateOfBirthItem"):
            raw = xml_text(item, "dateOfBirth")
            if not raw:
                continue
            parsed = parse_date(raw)
            if parsed is None:
                counts["unparsed_birth_dates"] += 1
                add("birth_date_notes", raw)
            else:
                birth_dates.append(parsed.date)
                if parsed.approximate:
                    add("birth_date_notes", raw)
    for lst in xml_children(elem, "placeOfBirthList"):
        for item in xml_children(lst, "placeOfBirthItem"):
            add("place_of_birth", xml_text(item, "placeOfBirth"))

    nationalities = []
    for list_tag, item_tag in (
        ("nationalityList", "nationality"),
        ("citizenshipList", "citizenship"),
    ):
        for lst in xml_children(elem, list_tag):
            for item in xml_children(lst, item_tag):
                nationalities.append(mapper.map(xml_text(item, "country"), unmapped))

    for vessel in xml_children(elem, "vesselInfo"):
        flag = xml_text(vessel, "vesselFlag")
        if flag:
            countries.append(mapper.map(flag, unmapped))
        for tag, key in (
            ("callSign", "call_sign"),
            ("vesselType", "vessel_type"),
            ("vesselFlag", "vessel_flag"),
            ("vesselOwner", "vessel_owner"),
            ("tonnage", "tonnage"),
            ("grossRegisteredTonnage", "gross_registered_tonnage"),
        ):
            add(key, xml_text(vessel, tag))

    for lst in xml_children(elem, "addressList"):
        for address in xml_children(lst, "address"):
            counts["addresses"] += 1
            country = xml_text(address, "country")
            if country:
                countries.append(mapper.map(country, unmapped))
            parts = [
                xml_text(address, t)
                for t in (
                    "address1",
                    "address2",
                    "address3",
                    "city",
                    "stateOrProvince",
                    "postalCode",
                    "country",
                )
            ]
            add("addresses", ", ".join(p for p in parts if p))

    add("title", xml_text(elem, "title"))
    for child in elem:  # keep simple elements a newer schema may add
        if isinstance(child.tag, str):
            local = child.tag.rsplit("}", 1)[-1]
            if local not in _KNOWN and len(child) == 0 and (child.text or "").strip():
                add(slug(local), re.sub(r"\s+", " ", child.text or "").strip())
    if unmapped:
        extra["unmapped_countries"] = unmapped

    return Entry(
        entry_id=uid,
        kind=kind,
        names=dedupe_names(names),
        birth_dates=unique(birth_dates),
        nationalities=unique(nationalities),
        countries=unique(countries),
        identifiers=unique(identifiers),
        programmes=unique(programmes),
        listed_on=None,
        remarks=xml_text(elem, "remarks"),
        extra={k: join_extra(v) for k, v in extra.items() if join_extra(v)},
    )
