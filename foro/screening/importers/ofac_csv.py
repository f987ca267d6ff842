"""OFAC legacy SDN CSV: ``sdn.csv`` [+ ``alt.csv``, ``add.csv``, ``sdn_comments.csv``].

No header; ``-0-`` (often ``-0- ``) means empty; CRLF; a 0x1A (DOS end-of-file)
byte may end the file and is tolerated only there.

Encoding: every real file we have (2021 and 2024) is pure ASCII — OFAC strips
diacritics. A file is decoded as strict UTF-8 when it is valid UTF-8, otherwise
as strict cp1252 (bytes undefined in cp1252 are refused); UTF-16/32 (BOM or NUL
bytes) and control characters are refused, so binary garbage or a re-encoded
file is never read as mojibake.

Columns:

* sdn.csv: ent_num, name, type (``individual``, ``vessel``, ``aircraft``,
  ``-0-`` = entity), programs (``A] [B``), title, call_sign, vess_type, tonnage,
  GRT, vess_flag, vess_owner, remarks
* alt.csv: ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
* add.csv: ent_num, add_num, address, city/state/postal, country, add_remarks
* sdn_comments.csv: ent_num, remarks_extended — the rest of a remarks field cut
  at 1,000 characters; appended to it as is (the cut falls mid-word).

Names are kept as published (individuals ``SURNAME, Given``). Aliases from
alt.csv are strong unless alt_remarks says weak; ``a.k.a.``/``f.k.a.``/``d.b.a.``
in the remarks are OFAC's weak aliases.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from foro.screening.engine.model import EntityKind, Entry, Identifier, Name, NameQuality
from foro.screening.importers import (
    Counts,
    ParsedList,
    Progress,
    Ticker,
    check_control_chars,
    combined_sha256,
    dedupe_names,
    file_info,
    join_extra,
    kind_counts,
    line_of,
    refuse_utf16_or_binary,
    unique,
)
from foro.screening.importers.countries import CountryMapper
from foro.screening.importers.errors import ImportFormatError
from foro.screening.importers.ofac_remarks import parse_remarks

FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
COLUMNS = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6, "sdn_comments.csv": 2}
EOF_MARK = b"\x1a"

_TYPES = {
    "individual": EntityKind.PERSON,
    "": EntityKind.ORGANISATION,  # "-0-"
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}


def _resolve(paths: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and child.name.lower() in FILES:
                    key = child.name.lower()
                    if key in found:
                        raise ValueError(f"two {key} files given: {found[key]} and {child}")
                    found[key] = child
            continue
        key = p.name.lower()
        if key not in FILES:
            raise ValueError(
                f"{p.name}: not an OFAC CSV file name (expected one of {', '.join(FILES)})"
            )
        if not p.is_file():
            raise ImportFormatError(p.name, "file", "file not found")
        if key in found:
            raise ValueError(f"two {key} files given: {found[key]} and {p}")
        found[key] = p
    if "sdn.csv" not in found:
        where = ", ".join(str(p) for p in paths)
        raise ImportFormatError(
            "sdn.csv", "file", f"sdn.csv is required and was not found in {where}"
        )
    return found


def decode(name: str, data: bytes) -> tuple[str, bool]:
    """Text of a legacy CSV file and whether it ended with the 0x1A marker."""
    refuse_utf16_or_binary(name, data)
    eof = data.endswith(EOF_MARK)
    if eof:
        data = data[:-1]
    stray = data.find(EOF_MARK)
    if stray >= 0:
        raise ImportFormatError(
            name, f"line {line_of(data, stray)}", "0x1A end-of-file byte before the end of the file"
        )
    if not data.strip():
        raise ImportFormatError(name, "line 1", "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            raise ImportFormatError(
                name,
                f"line {line_of(data, e.start)}",
                f"byte 0x{data[e.start]:02X} is neither UTF-8 nor cp1252 text",
            ) from None
    check_control_chars(name, text)
    return text, eof


def read_rows(name: str, data: bytes) -> tuple[list[tuple[int, list[str]]], bool]:
    """(line number, cells) of every row, ``-0-`` already turned into ""."""
    text, eof = decode(name, data)
    ncols = COLUMNS[name]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if len(row) != ncols:
                what = "an empty line" if not row else f"{len(row)} columns"
                raise ImportFormatError(name, f"line {start}", f"{what}, expected {ncols} columns")
            rows.append((start, [_cell(c) for c in row]))
            start = reader.line_num + 1
    except csv.Error as e:
        raise ImportFormatError(
            name, f"line {start}", f"malformed CSV ({e}): truncated or not a CSV file"
        ) from None
    if not rows:
        raise ImportFormatError(name, "line 1", "no rows")
    return rows, eof


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _ent_num(name: str, line: int, value: str, what: str = "ent_num") -> str:
    if not re.fullmatch(r"\d{1,10}", value):
        raise ImportFormatError(name, f"line {line}", f"{what} {value!r} is not a number")
    return str(int(value))


def _programmes(value: str) -> tuple[str, ...]:
    return unique(p.strip().strip("[]").strip() for p in value.split("] ["))


@dataclass(slots=True)
class _Sdn:
    """An sdn.csv row and the rows of the other files that belong to it."""

    line: int
    row: list[str]
    kind: EntityKind
    comments: list[str] = field(default_factory=list)  # sdn_comments.csv: remarks text
    aliases: list[list[str]] = field(default_factory=list)  # alt.csv rows
    addresses: list[list[str]] = field(default_factory=list)  # add.csv rows


def load(paths: list[Path], progress: Progress | None = None) -> ParsedList:
    files = _resolve(paths)
    blobs = {key: files[key].read_bytes() for key in FILES if key in files}
    # file names as given (the canonical lower-case name keys the parsing)
    shown = {key: files[key].name for key in blobs}
    infos = [file_info(shown[key], blobs[key]) for key in blobs]

    parsed_rows: dict[str, list[tuple[int, list[str]]]] = {}
    eof_missing: list[str] = []
    for key, data in blobs.items():
        try:
            parsed_rows[key], eof = read_rows(key, data)
        except ImportFormatError as e:
            raise ImportFormatError(shown[key], e.position, e.reason) from None
        if not eof and key != "sdn_comments.csv":
            eof_missing.append(shown[key])

    total = sum(len(r) for r in parsed_rows.values())
    ticker = Ticker(progress, total)
    mapper = CountryMapper()

    # ---- sdn.csv
    raw: dict[str, _Sdn] = {}
    for line, row in parsed_rows["sdn.csv"]:
        ent = _ent_num(shown["sdn.csv"], line, row[0])
        if ent in raw:
            raise ImportFormatError(
                shown["sdn.csv"],
                f"line {line}",
                f"duplicate ent_num {ent} (first on line {raw[ent].line})",
            )
        if not row[1]:
            raise ImportFormatError(shown["sdn.csv"], f"line {line}", f"entry {ent} has no name")
        kind = _TYPES.get(row[2].lower())
        if kind is None:
            raise ImportFormatError(
                shown["sdn.csv"], f"line {line}", f"unknown SDN type {row[2]!r}"
            )
        raw[ent] = _Sdn(line, row, kind)
        ticker.tick()

    def owner(key: str, line: int, value: str) -> _Sdn:
        ent = _ent_num(shown[key], line, value)
        if ent not in raw:
            raise ImportFormatError(shown[key], f"line {line}", f"ent_num {ent} is not in sdn.csv")
        return raw[ent]

    seen_ids: dict[str, int] = {}
    for line, row in parsed_rows.get("sdn_comments.csv", []):
        owner("sdn_comments.csv", line, row[0]).comments.append(row[1])
        ticker.tick()
    for line, row in parsed_rows.get("alt.csv", []):
        target = owner("alt.csv", line, row[0])
        alt = _ent_num(shown["alt.csv"], line, row[1], "alt_num")
        if alt in seen_ids:
            raise ImportFormatError(
                shown["alt.csv"],
                f"line {line}",
                f"duplicate alt_num {alt} (first on line {seen_ids[alt]})",
            )
        seen_ids[alt] = line
        if not row[3]:
            raise ImportFormatError(shown["alt.csv"], f"line {line}", f"alias {alt} has no name")
        target.aliases.append(row)
        ticker.tick()
    seen_ids = {}
    for line, row in parsed_rows.get("add.csv", []):
        target = owner("add.csv", line, row[0])
        add = _ent_num(shown["add.csv"], line, row[1], "add_num")
        if add in seen_ids:
            raise ImportFormatError(
                shown["add.csv"],
                f"line {line}",
                f"duplicate add_num {add} (first on line {seen_ids[add]})",
            )
        seen_ids[add] = line
        target.addresses.append(row)
        ticker.tick()

    entries: list[Entry] = []
    weak_in_remarks = 0
    unparsed_dates = 0
    alias_types: dict[str, int] = {}
    for ent, r in raw.items():
        row = r.row
        remarks = row[11] + "".join(r.comments)
        rem = parse_remarks(remarks)
        unmapped: list[str] = []

        names = [Name(row[1], NameQuality.PRIMARY)]
        for a in r.aliases:
            alias_types[a[2].lower() or "?"] = alias_types.get(a[2].lower() or "?", 0) + 1
            weak = re.search(r"\bweak\b", a[4], re.I) is not None
            names.append(Name(a[3], NameQuality.WEAK if weak else NameQuality.STRONG))
        for _type, alias in rem.aliases:
            names.append(Name(alias, NameQuality.WEAK))
            weak_in_remarks += 1

        nationalities = [mapper.map(n, unmapped) for n in rem.nationalities + rem.citizenships]
        countries: list[str | None] = []
        if row[9]:
            countries.append(mapper.map(row[9], unmapped))
        for flag in rem.info.get("other_vessel_flag", []):
            countries.append(mapper.map(flag, unmapped))
        for reg in rem.info.get("nationality_of_registration", []):
            countries.append(mapper.map(reg, unmapped))
        addresses = []
        for a in r.addresses:
            if a[4]:
                countries.append(mapper.map(a[4], unmapped))
            text = ", ".join(x for x in (a[2], a[3], a[4]) if x)
            if a[5]:
                text += f" ({a[5]})"
            if text:
                addresses.append(text)

        identifiers = []
        for i in rem.identifiers:
            code = mapper.map(i.country, unmapped) if i.country else None
            identifiers.append(Identifier(i.kind, i.value, code or ""))

        extra: dict[str, str] = {}
        for key, value in (
            ("title", row[4]),
            ("call_sign", row[5]),
            ("vessel_type", row[6]),
            ("tonnage", row[7]),
            ("gross_registered_tonnage", row[8]),
            ("vessel_flag", row[9]),
            ("vessel_owner", row[10]),
        ):
            if value:
                extra[key] = value
        if rem.places_of_birth:
            extra["place_of_birth"] = join_extra(rem.places_of_birth)
        if rem.birth_date_notes:
            extra["birth_date_notes"] = join_extra(rem.birth_date_notes)
            unparsed_dates += len(rem.unparsed_birth_dates)
        if rem.linked_to:
            extra["linked_to"] = join_extra(rem.linked_to)
        for key, values in rem.info.items():
            extra[key] = join_extra(values)
        others = [i for i in rem.identifiers if i.kind == "other"]
        if others:
            extra["other_identifiers"] = join_extra(f"{i.label} {i.value}" for i in others)
        if addresses:
            extra["addresses"] = join_extra(addresses)
        if unmapped:
            extra["unmapped_countries"] = join_extra(unmapped)

        entries.append(
            Entry(
                entry_id=ent,
                kind=r.kind,
                names=dedupe_names(names),
                birth_dates=unique(rem.birth_dates),
                nationalities=unique(nationalities),
                countries=unique(countries),
                identifiers=unique(identifiers),
                programmes=_programmes(row[3]),
                listed_on=None,
                remarks=remarks,
                extra=extra,
            )
        )

    ticker.finish()
    counts: Counts = {"entries": len(entries), **kind_counts(entries)}
    counts.update(
        {
            "names": sum(len(e.names) for e in entries),
            "aliases": len(parsed_rows.get("alt.csv", [])),
            "alias_types": dict(sorted(alias_types.items())),
            "weak_aliases_in_remarks": weak_in_remarks,
            "addresses": len(parsed_rows.get("add.csv", [])),
            "comments": len(parsed_rows.get("sdn_comments.csv", [])),
            "identifiers": sum(len(e.identifiers) for e in entries),
            "birth_dates": sum(len(e.birth_dates) for e in entries),
            "unparsed_birth_dates": unparsed_dates,
            "unmapped_countries": mapper.summary(),
            "files_without_eof_marker": eof_missing,
        }
    )
    return ParsedList(
        format="ofac-csv",
        entries=entries,
        files=sorted(infos),
        sha256=combined_sha256(infos),
        published=None,
        counts=counts,
    )
