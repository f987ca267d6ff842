"""foro CSV: the lists the department keeps itself (its own denials, its watch list).

The format is documented in ``docs/lists-foro-csv.md``; in short: UTF-8, a
header row, comma-separated, required columns ``id,name,type``, optional
``aliases``, ``weak_aliases``, ``birth_dates``, ``nationalities``,
``countries``, ``identifiers``, ``programmes``, ``listed_on``, ``remarks``;
multiple values separated by ``;``. Strict on purpose (people type these
files): unknown or repeated columns, unknown types, countries or identifier
kinds, bad dates and duplicate ids refuse the whole file.

:func:`dumps` writes entries in this format (for exports and the round-trip test).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from foro.screening.engine.model import (
    IDENTIFIER_KINDS,
    EntityKind,
    Entry,
    FuzzyDate,
    Identifier,
    Name,
    NameQuality,
)
from foro.screening.importers import (
    Counts,
    ParsedList,
    Progress,
    Ticker,
    check_control_chars,
    combined_sha256,
    file_info,
    kind_counts,
    line_of,
    refuse_utf16_or_binary,
)
from foro.screening.importers.countries import is_iso2
from foro.screening.importers.errors import ImportFormatError

REQUIRED = ("id", "name", "type")
OPTIONAL = (
    "aliases",
    "weak_aliases",
    "birth_dates",
    "nationalities",
    "countries",
    "identifiers",
    "programmes",
    "listed_on",
    "remarks",
)
COLUMNS = REQUIRED + OPTIONAL
TYPES = {str(k): k for k in EntityKind}


class _RowError(Exception):
    def __init__(self, column: str, reason: str):
        self.column, self.reason = column, reason


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _countries(column: str, value: str) -> tuple[str, ...]:
    out: list[str] = []
    for code in _split(value):
        up = code.upper()
        if not is_iso2(up):
            raise _RowError(column, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
        if up not in out:
            out.append(up)
    return tuple(out)


def _identifiers(value: str) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    for item in _split(value):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise _RowError("identifiers", f"{item!r} is not kind:value or kind:value:country")
        kind = parts[0].lower()
        if kind not in IDENTIFIER_KINDS:
            raise _RowError(
                "identifiers",
                f"unknown identifier kind {parts[0]!r} (one of {', '.join(IDENTIFIER_KINDS)})",
            )
        if kind == "imo" and not re.fullmatch(r"\d{7}", parts[1]):
            raise _RowError("identifiers", f"IMO number {parts[1]!r} is not 7 digits")
        country = ""
        if len(parts) == 3 and parts[2]:
            country = parts[2].upper()
            if not is_iso2(country):
                raise _RowError(
                    "identifiers", f"{parts[2]!r} is not an ISO 3166-1 alpha-2 country code"
                )
        ident = Identifier(kind, parts[1], country)
        if ident not in out:
            out.append(ident)
    return tuple(out)


def _birth_dates(value: str) -> tuple[FuzzyDate, ...]:
    out: list[FuzzyDate] = []
    for item in _split(value):
        try:
            d = FuzzyDate.parse(item)
        except ValueError:
            raise _RowError(
                "birth_dates", f"{item!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY"
            ) from None
        if d.earliest > d.latest:
            raise _RowError("birth_dates", f"{item!r}: the range ends before it starts")
        if d not in out:
            out.append(d)
    return tuple(out)


def _entry(row: dict[str, str]) -> Entry:
    entry_id = row["id"]
    if not entry_id:
        raise _RowError("id", "empty id")
    if not row["name"]:
        raise _RowError("name", "empty name")
    kind = TYPES.get(row["type"].lower())
    if kind is None:
        raise _RowError("type", f"unknown type {row['type']!r} (one of {', '.join(TYPES)})")
    names = [Name(row["name"], NameQuality.PRIMARY)]
    seen = {row["name"]}
    for column, quality in (("aliases", NameQuality.STRONG), ("weak_aliases", NameQuality.WEAK)):
        for alias in _split(row.get(column, "")):
            if alias not in seen:
                seen.add(alias)
                names.append(Name(alias, quality))
    listed_on = None
    if row.get("listed_on"):
        try:
            listed_on = date.fromisoformat(row["listed_on"])
        except ValueError:
            raise _RowError("listed_on", f"{row['listed_on']!r} is not a date YYYY-MM-DD") from None
    programmes: list[str] = []
    for p in _split(row.get("programmes", "")):
        if p not in programmes:
            programmes.append(p)
    return Entry(
        entry_id=entry_id,
        kind=kind,
        names=tuple(names),
        birth_dates=_birth_dates(row.get("birth_dates", "")),
        nationalities=_countries("nationalities", row.get("nationalities", "")),
        countries=_countries("countries", row.get("countries", "")),
        identifiers=_identifiers(row.get("identifiers", "")),
        programmes=tuple(programmes),
        listed_on=listed_on,
        remarks=row.get("remarks", ""),
    )


def _decode(name: str, data: bytes) -> str:
    refuse_utf16_or_binary(name, data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise ImportFormatError(name, "line 1", "empty file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ImportFormatError(
            name, f"line {line_of(data, e.start)}", "not valid UTF-8 (save the file as UTF-8)"
        ) from None
    check_control_chars(name, text)
    return text


def load(path: Path, progress: Progress | None = None) -> ParsedList:
    name = path.name
    data = path.read_bytes()
    info = file_info(name, data)
    text = _decode(name, data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    ticker = Ticker(progress, text.count("\n") or None)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFormatError(name, "line 1", "empty file")
        header = [h.strip().lower() for h in header]
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        for col in header:
            if col not in COLUMNS:
                hint = " (columns are separated by commas)" if ";" in col or "\t" in col else ""
                raise ImportFormatError(
                    name, "line 1", f"unknown column {col!r}{hint}; allowed: {', '.join(COLUMNS)}"
                )
        for col in set(header):
            if header.count(col) > 1:
                raise ImportFormatError(name, "line 1", f"column {col!r} appears twice")
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportFormatError(
                name, "line 1", f"missing required column(s): {', '.join(missing)}"
            )
        start = reader.line_num + 1
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):  # blank line
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                raise ImportFormatError(
                    name,
                    f"line {start}",
                    f"{len(cells)} values, the header has {len(header)} columns",
                )
            row = {col: cell.strip() for col, cell in zip(header, cells, strict=True)}
            try:
                entry = _entry(row)
            except _RowError as e:
                raise ImportFormatError(
                    name, f"line {start}, column {e.column}", e.reason
                ) from None
            if entry.entry_id in lines:
                raise ImportFormatError(
                    name,
                    f"line {start}, column id",
                    f"duplicate id {entry.entry_id!r} (first on line {lines[entry.entry_id]})",
                )
            lines[entry.entry_id] = start
            entries.append(entry)
            ticker.tick()
            start = reader.line_num + 1
    except csv.Error as e:
        raise ImportFormatError(name, f"line {start}", f"malformed CSV ({e})") from None
    if not entries:
        raise ImportFormatError(name, "end of file", "no entries: zero rows after the header")
    ticker.finish()
    counts: Counts = {"entries": len(entries), **kind_counts(entries)}
    counts.update(
        {
            "names": sum(len(e.names) for e in entries),
            "aliases": sum(1 for e in entries for n in e.names if n.quality != NameQuality.PRIMARY),
            "weak_aliases": sum(
                1 for e in entries for n in e.names if n.quality == NameQuality.WEAK
            ),
            "identifiers": sum(len(e.identifiers) for e in entries),
            "birth_dates": sum(len(e.birth_dates) for e in entries),
            "unmapped_countries": {},
        }
    )
    return ParsedList("foro-csv", entries, [info], combined_sha256([info]), None, counts)


def dumps(entries: list[Entry]) -> str:
    """The entries as foro CSV text (all columns). ``extra`` and original-script flags are not
    part of the format; values that cannot be written unambiguously raise ``ValueError``."""

    def check(value: str, what: str, forbidden: str = ";") -> str:
        if any(c in value for c in forbidden):
            raise ValueError(f"{what} {value!r} contains one of {forbidden!r}")
        return value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        aliases = [check(n.text, "alias") for n in e.names if n.quality == NameQuality.STRONG]
        weak = [check(n.text, "alias") for n in e.names if n.quality == NameQuality.WEAK]
        primary = [n.text for n in e.names if n.quality == NameQuality.PRIMARY]
        if len(primary) != 1:
            raise ValueError(f"entry {e.entry_id}: foro CSV holds exactly one primary name")
        ids = []
        for i in e.identifiers:
            value = check(i.value, "identifier", ";:")
            ids.append(f"{i.kind}:{value}" + (f":{i.country}" if i.country else ""))
        writer.writerow(
            [
                e.entry_id,
                primary[0],
                str(e.kind),
                ";".join(aliases),
                ";".join(weak),
                ";".join(str(d) for d in e.birth_dates),
                ";".join(e.nationalities),
                ";".join(e.countries),
                ";".join(ids),
                ";".join(check(p, "programme") for p in e.programmes),
                e.listed_on.isoformat() if e.listed_on else "",
                e.remarks,
            ]
        )
    return out.getvalue()
