"""Readers of treaty-status files: the UN Treaty Collection status tables (the MTDSG scrape:
``<chapter>-<number>.csv`` with ``declarations/<same>.txt`` and ``index.csv`` beside it) and
the Dutch Verdragenbank XML (one treaty, or a page of SRU search results).

Plain Python, no database: a reader returns ``ImportedTreaty`` values or raises
``ImportFormatError`` naming the file and the position, so a broken file is refused whole
before anything is written (services.treaties_import writes them)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORMATS = ("untc-status", "verdragenbank-xml")

#: UNTC chapters are Roman numerals in MTDSG numbers (IV-4, XXVII-7-a)
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


class ImportFormatError(ValueError):
    def __init__(self, file: Path | str, position: str, reason: str) -> None:
        self.file = str(file)
        self.position = position
        self.reason = reason
        super().__init__(f"{self.file}: {position}: {reason}")


@dataclass
class ImportedStatement:
    kind: str
    made_on: date | None
    text: str


@dataclass
class ImportedParty:
    name: str
    signed_on: date | None = None
    consent_kind: str = ""
    consent_on: date | None = None
    in_force_on: date | None = None
    statements: list[ImportedStatement] = field(default_factory=list)


@dataclass
class ImportedTreaty:
    source: str
    source_id: str
    title_nl: str
    title_en: str
    kind: str  # bilateral | multilateral
    #: the source's own status word (kept for the record)
    source_status: str
    concluded_on: date | None = None
    place: str = ""
    in_force_on: date | None = None
    ended_on: date | None = None
    depositary: str = ""
    parties: list[ImportedParty] = field(default_factory=list)

    def fingerprint(self) -> str:
        """sha256 of the content: the same file twice gives the same fingerprint."""
        text = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ UN Treaty Collection


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


_STEM = re.compile(r"^(\d{1,2})-(\d{1,3})(?:-([a-z]))?$")
_CELL = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4})(?:\s+(AA|A|a|d|c))?$")
_CODE_WORDS = {
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
    "c": "formal_confirmation",
}
_WORD_KIND = {
    "ratification": "ratification",
    "accession": "accession",
    "succession": "succession",
    "acceptance": "acceptance",
    "approval": "approval",
    "formal confirmation": "formal_confirmation",
    "definitive signature": "definitive_signature",
}


def _untc_default_kind(header: str, file: Path) -> str:
    """The consent that carries no letter in the column's header ("Ratification")."""
    for part in header.split(","):
        word = part.strip()
        if "(" not in word and word.lower() in _WORD_KIND:
            return _WORD_KIND[word.lower()]
    raise ImportFormatError(file, "line 1", f"no unmarked kind of consent in {header!r}")


def _untc_date(text: str, file: Path, where: str) -> tuple[date, str]:
    match = _CELL.match(text.strip())
    if not match:
        raise ImportFormatError(file, where, f"not a date as UNTC writes it: {text!r}")
    try:
        day = datetime.strptime(match.group(1), "%d %b %Y").date()
    except ValueError as exc:
        raise ImportFormatError(file, where, f"not a date: {text!r}") from exc
    return day, match.group(2) or ""


def _untc_index(path: Path, chapter: int, number: str) -> dict[str, str] | None:
    for folder in (path.parent, path.parent.parent):
        index = folder / "index.csv"
        if not index.is_file():
            continue
        with index.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("chapter_no") == str(chapter) and row.get("treaty_no") == number:
                    return row
    return None


def _untc_declarations(path: Path) -> dict[str, str]:
    """``declarations/<stem>.txt``: blocks of ``#Participant`` then the text."""
    for folder in (path.parent / "declarations", path.parent.parent / "declarations"):
        file = folder / f"{path.stem}.txt"
        if file.is_file():
            break
    else:
        return {}
    blocks: dict[str, str] = {}
    name = None
    lines: list[str] = []
    try:
        content = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(file, f"byte {exc.start}", "not UTF-8 text") from exc
    for number, line in enumerate(content.splitlines(), 1):
        if line.startswith("#"):
            if name is not None:
                blocks[name] = "\n".join(lines).strip()
            name = line[1:].strip()
            lines = []
        elif name is None and line.strip():
            raise ImportFormatError(file, f"line {number}", "text before the first #participant")
        else:
            lines.append(line)
    if name is not None:
        blocks[name] = "\n".join(lines).strip()
    return blocks


_TITLE = re.compile(r"^(?P<title>.+?)\.\s+(?P<place>[^.,]+),\s+(?P<date>\d{1,2} \w+ \d{4})$")


def read_untc_status(path: Path) -> ImportedTreaty:
    stem = _STEM.match(path.stem)
    if not stem:
        raise ImportFormatError(path, "file name", "expected <chapter>-<number>.csv, e.g. 4-4.csv")
    chapter = int(stem.group(1))
    number = stem.group(2) + (f".{stem.group(3)}" if stem.group(3) else "")
    source_id = f"{_roman(chapter)}-{stem.group(2)}" + (
        f"-{stem.group(3)}" if stem.group(3) else ""
    )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"byte {exc.start}", "not UTF-8 text") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or len(rows[0]) != 3 or rows[0][:2] != ["Participant", "Signature"]:
        raise ImportFormatError(
            path, "line 1", "expected the header Participant,Signature,<consent>"
        )
    default_kind = _untc_default_kind(rows[0][2], path)
    statements = _untc_declarations(path)
    parties: list[ImportedParty] = []
    seen: set[str] = set()
    for number_, row in enumerate(rows[1:], 2):
        where = f"line {number_}"
        if not row:
            continue
        if len(row) != 3:
            raise ImportFormatError(path, where, f"expected 3 columns, found {len(row)}")
        name, signed, consent = (cell.strip() for cell in row)
        if not name:
            raise ImportFormatError(path, where, "no participant")
        if name in seen:
            raise ImportFormatError(path, where, f"{name} appears twice")
        seen.add(name)
        party = ImportedParty(name=name)
        if signed:
            party.signed_on, _code = _untc_date(signed, path, f"{where}, Signature")
        if consent:
            party.consent_on, code = _untc_date(consent, path, f"{where}, consent")
            party.consent_kind = _CODE_WORDS[code] if code else default_kind
        if name in statements and statements[name]:
            party.statements.append(
                ImportedStatement("reservation_declaration", None, statements[name])
            )
        parties.append(party)
    if not parties:
        raise ImportFormatError(path, "line 2", "no participant rows")
    index = _untc_index(path, chapter, number)
    title, place, concluded = f"UNTC MTDSG {source_id}", "", None
    if index is not None:
        title = index.get("treaty_name", "").strip() or title
        match = _TITLE.match(title)
        if match:
            title, place = match.group("title"), match.group("place").strip()
            try:
                concluded = datetime.strptime(match.group("date"), "%d %B %Y").date()
            except ValueError:
                concluded = None
    return ImportedTreaty(
        source="untc",
        source_id=source_id,
        title_nl="",
        title_en=title[:500],
        kind="multilateral",
        source_status="",
        concluded_on=concluded,
        place=place[:120],
        depositary="Secretary-General of the United Nations",
        parties=parties,
    )


# ------------------------------------------------------------------ Verdragenbank

_CONSENT_NL = {
    "R": "ratification",
    "T": "accession",
    "A": "acceptance",
    "G": "approval",
    "O": "succession",
    "VO": "succession",
    "DO": "definitive_signature",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _find(element: Any, name: str) -> Any:
    for child in element.iter():
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _iso(text: str, file: Path, where: str) -> date | None:
    if not text or text.startswith("9999"):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ImportFormatError(file, where, f"not a date: {text!r}") from exc


def _parse_xml(path: Path) -> Any:
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ImportFormatError(path, "prolog", "a document type declaration is not accepted")
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ImportFormatError(
            path, f"line {line}, column {column}", "not well-formed XML"
        ) from exc


def _vb_kind(text: str, file: Path) -> str:
    kinds = {"bilateraal": "bilateral", "multilateraal": "multilateral"}
    if text.lower() not in kinds:
        raise ImportFormatError(file, "verdragType", f"unknown kind {text!r}")
    return kinds[text.lower()]


def _vb_item(root: Any, path: Path) -> ImportedTreaty:
    identifier = _text(_find(root, "identifier"))
    title = _text(_find(root, "title"))
    if not identifier or not title:
        raise ImportFormatError(path, "meta", "no identifier or title")
    parties: list[ImportedParty] = []
    partijen = _find(root, "Partijen")
    for n, partij in enumerate(list(partijen) if partijen is not None else [], 1):
        if _local(partij.tag) != "Partij":
            continue
        name = _text(_child(partij, "NaamPartij"))
        where = f"Partij {n} ({name or '?'})"
        if not name:
            raise ImportFormatError(path, where, "no NaamPartij")
        party = ImportedParty(
            name=name,
            signed_on=_iso(_text(_child(partij, "DatumOndertekenning")), path, where),
            consent_on=_iso(_text(_child(partij, "DatumRatificatie")), path, where),
            in_force_on=_iso(_text(_child(partij, "DatumInwerkingtreding")), path, where),
        )
        code = _text(_child(partij, "TypeInstemming"))
        if party.consent_on is not None:
            party.consent_kind = _CONSENT_NL.get(code, "")
        voorbehouden = _child(partij, "Voorbehouden")
        for voorbehoud in list(voorbehouden) if voorbehouden is not None else []:
            text = _text(_child(voorbehoud, "TekstVoorbehoud"))
            if text:
                party.statements.append(
                    ImportedStatement(
                        "reservation_declaration",
                        _iso(_text(_child(voorbehoud, "DatumVoorbehoud")), path, where),
                        text.replace("\r", ""),
                    )
                )
        parties.append(party)
    return ImportedTreaty(
        source="verdragenbank",
        source_id=identifier,
        title_nl=title[:500],
        title_en="",
        kind=_vb_kind(_text(_find(root, "verdragType")), path),
        source_status=_text(_find(root, "verdragStatus")),
        concluded_on=_iso(_text(_find(root, "sluitingsDatum")), path, "sluitingsDatum"),
        place=_text(_find(root, "sluitingsPlaats"))[:120],
        in_force_on=_iso(
            _text(_find(root, "inwerkingtredingDatum")), path, "inwerkingtredingDatum"
        ),
        ended_on=_iso(_text(_find(root, "uitwerkingtredingDatum")), path, "uitwerkingtredingDatum"),
        parties=parties,
    )


def _vb_sru_record(record: Any, path: Path, n: int) -> ImportedTreaty:
    where = f"record {n}"
    identifier = _text(_find(record, "identifier"))
    title = _text(_find(record, "title"))
    if not identifier or not title:
        raise ImportFormatError(path, where, "no identifier or title")
    names = [_text(e) for e in record.iter() if _local(e.tag) == "partij" and _text(e)]
    return ImportedTreaty(
        source="verdragenbank",
        source_id=identifier,
        title_nl=title[:500],
        title_en="",
        kind=_vb_kind(_text(_find(record, "typeVerdrag")), path),
        source_status=_text(_find(record, "statusVerdrag")),
        concluded_on=_iso(_text(_find(record, "datumTotstandkoming")), path, where),
        place=_text(_find(record, "plaatsTotstandkoming"))[:120],
        in_force_on=_iso(_text(_find(record, "inwerkingtredingsdatum")), path, where),
        ended_on=_iso(_text(_find(record, "geldigheidsperiodeNederland_einddatum")), path, where),
        parties=[ImportedParty(name=name) for name in names],
    )


def read_verdragenbank(path: Path) -> list[ImportedTreaty]:
    root = _parse_xml(path)
    if _local(root.tag) == "Verdragenbank":
        return [_vb_item(root, path)]
    if _local(root.tag) == "searchRetrieveResponse":
        records = [e for e in root.iter() if _local(e.tag) == "recordData"]
        if not records:
            raise ImportFormatError(path, "records", "no record in the search response")
        return [_vb_sru_record(r, path, n) for n, r in enumerate(records, 1)]
    raise ImportFormatError(
        path, "root element", f"not a Verdragenbank document: <{_local(root.tag)}>"
    )


def read(fmt: str, paths: list[Path]) -> list[ImportedTreaty]:
    """Every treaty in ``paths``; the first broken file refuses the whole import."""
    treaties: list[ImportedTreaty] = []
    for path in paths:
        if not path.is_file():
            raise ImportFormatError(path, "file", "not found")
        if fmt == "untc-status":
            treaties.append(read_untc_status(path))
        elif fmt == "verdragenbank-xml":
            treaties.extend(read_verdragenbank(path))
        else:
            raise ImportFormatError(path, "format", f"unknown format {fmt!r}")
    return treaties
