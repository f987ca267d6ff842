"""UN Security Council consolidated list XML: ``<CONSOLIDATED_LIST dateGenerated=...>``.

``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. The entry id is
``REFERENCE_NUMBER`` (e.g. ``QDi.001``); only when it is missing is ``DATAID``
used, marked in ``extra["entry_id_source"]`` and counted in
``counts["ids_from_dataid"]``. Names: FIRST_NAME..FOURTH_NAME joined with a
space, as published; ``NAME_ORIGINAL_SCRIPT`` is a primary name with
``original_script=True``.

Alias QUALITY (values in the 2026 file: individuals ``Good``/``Low``, entities
``a.k.a.``/``f.k.a.``, and empty elements with no name): ``Low`` and ``Very
Low`` -> weak; ``Good``, ``a.k.a.``, ``f.k.a.``, ``n.k.a.`` and an empty quality
-> strong; any other value -> weak, counted in ``counts["unknown_alias_quality"]``.

Dates of birth: TYPE_OF_DATE EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR or
FROM_YEAR + TO_YEAR; a NOTE alone ("Nov. 1973", "Between Aug. and Sep. 1977")
is parsed when it is a date. APPROXIMATELY keeps the stated date and adds the
text to ``extra["birth_date_notes"]``; what cannot be parsed ("30-35 years
old", Hijri dates) is kept there too.
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
    unique,
    xml_children,
    xml_records,
    xml_text,
)
from foro.screening.importers.countries import CountryMapper
from foro.screening.importers.errors import ImportFormatError
from foro.screening.importers.ofac_remarks import ParsedDate, parse_date

if TYPE_CHECKING:
    from lxml.etree import _Element

_STRONG = {"good", "a.k.a.", "f.k.a.", "n.k.a.", "aka", "fka", "nka", ""}
_WEAK = {"low", "very low"}


def _doc_kind(text: str) -> str:
    t = text.lower()
    if "passport" in t or "pasaporte" in t or "passeport" in t or "travel document" in t:
        return "passport"
    if "tax" in t or "fiscal" in t:
        return "tax_id"
    if re.search(r"identi|id card|\bid\b|national number|social security|civil", t):
        return "national_id"
    return "other"


def _date_value(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


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
        "ids_from_dataid": 0,
        "unknown_alias_quality": 0,
    }
    root_checked = False

    for elem, local, n, line in xml_records(
        name, path, "CONSOLIDATED_LIST", {"INDIVIDUAL", "ENTITY"}, {"INDIVIDUALS", "ENTITIES"}
    ):
        if not root_checked:
            root_checked = True
            generated = elem.getroottree().getroot().get("dateGenerated", "")
            if generated:
                published = _date_value(generated)
                if published is None:
                    raise ImportFormatError(
                        name,
                        "line 1, CONSOLIDATED_LIST",
                        f"dateGenerated is not a date: {generated!r}",
                    )
        if n == 0:
            continue
        where = f"line {line}, {local} #{n}"
        entry = _entry(elem, local, where, name, mapper, counts)
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
        raise ImportFormatError(
            name, "end of file", "no INDIVIDUAL or ENTITY elements: zero entries"
        )
    ticker.finish()
    out = entry_counts(entries, counts)
    out["unmapped_countries"] = mapper.summary()
    return ParsedList("un-xml", entries, [info], combined_sha256([info]), published, out)


def _entry(
    elem: _Element,
    local: str,
    where: str,
    file: str,
    mapper: CountryMapper,
    counts: dict[str, int],
) -> Entry:
    person = local == "INDIVIDUAL"
    unmapped: list[str] = []
    extra: dict[str, list[str]] = {}

    def add(key: str, value: str) -> None:
        if value:
            extra.setdefault(key, []).append(value)

    entry_id = xml_text(elem, "REFERENCE_NUMBER")
    if not entry_id:
        entry_id = xml_text(elem, "DATAID")
        if not entry_id:
            raise ImportFormatError(file, where, "neither REFERENCE_NUMBER nor DATAID")
        counts["ids_from_dataid"] += 1
        add("entry_id_source", "DATAID (no REFERENCE_NUMBER)")
    add("dataid", xml_text(elem, "DATAID"))

    primary = " ".join(
        p
        for p in (
            xml_text(elem, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        )
        if p
    )
    if not primary:
        raise ImportFormatError(file, where, f"entry {entry_id} has no name (FIRST_NAME)")
    names = [Name(primary, NameQuality.PRIMARY)]
    for node in xml_children(elem, "NAME_ORIGINAL_SCRIPT"):
        text = xml_text(node)
        if text:
            counts["original_script_names"] += 1
            names.append(Name(text, NameQuality.PRIMARY, original_script=True))

    birth_dates: list[FuzzyDate] = []

    def dob(parsed_date: ParsedDate | None, raw: str) -> None:
        if parsed_date is None:
            counts["unparsed_birth_dates"] += 1
            add("birth_date_notes", raw)
        else:
            birth_dates.append(parsed_date.date)

    for alias in xml_children(elem, "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        text = xml_text(alias, "ALIAS_NAME")
        if not text:
            continue
        counts["aliases"] += 1
        quality = xml_text(alias, "QUALITY").lower()
        if quality in _STRONG:
            q = NameQuality.STRONG
        else:
            q = NameQuality.WEAK
            counts["weak_aliases"] += 1
            if quality not in _WEAK:
                counts["unknown_alias_quality"] += 1
        names.append(Name(text, q))
        note = xml_text(alias, "NOTE")
        if note:
            add("alias_notes", f"{text}: {note}")
        alias_dob = xml_text(alias, "DATE_OF_BIRTH")
        if alias_dob:
            dob(parse_date(alias_dob), f"{alias_dob} (alias {text})")
        pob = ", ".join(
            p for p in (xml_text(alias, "CITY_OF_BIRTH"), xml_text(alias, "COUNTRY_OF_BIRTH")) if p
        )
        if pob:
            add("place_of_birth", f"{pob} (alias {text})")

    for node in xml_children(elem, "INDIVIDUAL_DATE_OF_BIRTH"):
        kind = xml_text(node, "TYPE_OF_DATE").upper()
        exact, year = xml_text(node, "DATE"), xml_text(node, "YEAR")
        from_year, to_year, note = (
            xml_text(node, "FROM_YEAR"),
            xml_text(node, "TO_YEAR"),
            xml_text(node, "NOTE"),
        )
        raw = (
            f"{from_year or '?'} to {to_year or '?'}" if (from_year or to_year) else (exact or year)
        )
        if not raw and not note:
            continue
        if raw:
            parsed = parse_date(raw)
            if parsed is not None and year and note and not exact:  # YEAR 1958 + NOTE "Sep."
                finer = parse_date(f"{note} {year}")
                if (
                    finer is not None
                    and parsed.date.earliest <= finer.date.earliest <= parsed.date.latest
                ):
                    parsed = finer
        else:
            parsed = parse_date(note)  # "Nov. 1973", "Between Aug. and Sep. 1977"
        dob(parsed, " ".join(x for x in (raw, note) if x))
        if parsed is not None and (kind == "APPROXIMATELY" or note):
            add(
                "birth_date_notes",
                " ".join(
                    x for x in (kind.lower() if kind == "APPROXIMATELY" else "", raw, note) if x
                ),
            )

    nationalities = [
        mapper.map(xml_text(v), unmapped)
        for node in xml_children(elem, "NATIONALITY")
        for v in xml_children(node, "VALUE")
    ]

    countries: list[str | None] = []
    for address in xml_children(elem, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"):
        country = xml_text(address, "COUNTRY")
        parts = [
            xml_text(address, t)
            for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        ]
        text = ", ".join(p for p in parts if p)
        note = xml_text(address, "NOTE")
        if note:
            text = f"{text} ({note})" if text else note
        if not text:
            continue
        counts["addresses"] += 1
        if country:
            countries.append(mapper.map(country, unmapped))
        add("addresses", text)

    for place in xml_children(elem, "INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [xml_text(place, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        text = ", ".join(p for p in parts if p)
        note = xml_text(place, "NOTE")
        if note:
            text = f"{text} ({note})" if text else note
        add("place_of_birth", text)

    identifiers: list[Identifier] = []
    for doc in xml_children(elem, "INDIVIDUAL_DOCUMENT"):
        label = xml_text(doc, "TYPE_OF_DOCUMENT") or xml_text(doc, "TYPE_OF_DOCUMENT2")
        label2 = xml_text(doc, "TYPE_OF_DOCUMENT2")
        number = xml_text(doc, "NUMBER")
        country_raw = xml_text(doc, "ISSUING_COUNTRY") or xml_text(doc, "COUNTRY_OF_ISSUE")
        details = [
            label + (f" ({label2})" if label2 and label2 != label else ""),
            number,
            f"({country_raw})" if country_raw else "",
        ]
        for tag, word in (("DATE_OF_ISSUE", "issued"), ("CITY_OF_ISSUE", "in"), ("NOTE", "")):
            value = xml_text(doc, tag)
            if value:
                details.append(f"{word} {value}".strip())
        text = " ".join(d for d in details if d)
        if not text:
            continue
        counts["documents"] += 1
        add("documents", text)
        if number:
            code = mapper.map(country_raw, unmapped) if country_raw else None
            identifiers.append(Identifier(_doc_kind(f"{label} {label2}"), number, code or ""))

    for tag, key in (("TITLE", "title"), ("DESIGNATION", "designation")):
        for node in xml_children(elem, tag):
            for v in xml_children(node, "VALUE"):
                add(key, xml_text(v))
    add("gender", xml_text(elem, "GENDER"))
    for node in xml_children(elem, "LAST_DAY_UPDATED"):
        for v in xml_children(node, "VALUE"):
            add("last_day_updated", xml_text(v))
    if unmapped:
        extra["unmapped_countries"] = unmapped

    listed_raw = xml_text(elem, "LISTED_ON")
    listed_on = _date_value(listed_raw) if listed_raw else None
    if listed_raw and listed_on is None:
        add("listed_on", listed_raw)

    return Entry(
        entry_id=entry_id,
        kind=EntityKind.PERSON if person else EntityKind.ORGANISATION,
        names=dedupe_names(names),
        birth_dates=unique(birth_dates),
        nationalities=unique(nationalities),
        countries=unique(countries),
        identifiers=unique(identifiers),
        programmes=unique([xml_text(elem, "UN_LIST_TYPE")]),
        listed_on=listed_on,
        remarks=xml_text(elem, "COMMENTS1"),
        extra={k: join_extra(v) for k, v in extra.items() if join_extra(v)},
    )
