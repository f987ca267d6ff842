"""Reader of the EU infringement-procedure dataset (EUIP; Fjelstul and Carrubba): its
case-level file (``euip_cases_*.csv``, one row per case with its history) and its
decision-level file (``euip_decisions_*.csv``). Plain Python: a broken file raises
``ImportFormatError`` (file and line) before anything is written."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

FORMATS = ("euip",)

CASE_COLUMNS = {"case_id", "case_type", "celex", "department", "member_state_code", "case_history"}
DECISION_COLUMNS = {"decision_id", "case_id", "decision_date", "decision_stage"}

#: the history codes of the cases file and the stage names of the decisions file
HISTORY_CODES = {
    "LFN258": "lfn_258",
    "RO258": "ro_258",
    "RF258": "rf_258",
    "LFN260": "lfn_260",
    "RO260": "ro_260",
    "RF260": "rf_260",
    "C": "closed",
    "W": "withdrawn",
}
STAGE_NAMES = {
    "Letter of formal notice (Article 258)": "lfn_258",
    "Reasoned opinion (Article 258)": "ro_258",
    "Referral to the Court (Article 258)": "rf_258",
    "Letter of formal notice (Article 260)": "lfn_260",
    "Reasoned opinion (Article 260)": "ro_260",
    "Referral to the Court (Article 260)": "rf_260",
    "Closing": "closed",
    "Withdrawal": "withdrawn",
}
KINDS = {"Noncommunication": "non_communication", "Nonconformity": "non_conformity"}
_CASE_ID = re.compile(r"^IP:(\d{4}):(\d{4}):([A-Z]+):([A-Z]{2})$")
_HISTORY = re.compile(r"^([A-Z]+\d*)-(\d{4}-\d{2}-\d{2})$")
_CELEX = re.compile(r"^3\d{4}L\d{4}$")


class ImportFormatError(ValueError):
    def __init__(self, file: Path | str, position: str, reason: str) -> None:
        self.file = str(file)
        self.position = position
        self.reason = reason
        super().__init__(f"{self.file}: {position}: {reason}")


@dataclass
class ImportedCase:
    source_id: str
    number: str
    kind: str
    celex: str
    department: str
    member_state: str
    decisions: list[tuple[str, date]] = field(default_factory=list)

    def fingerprint(self) -> str:
        data = asdict(self)
        data["decisions"] = sorted((s, d.isoformat()) for s, d in self.decisions)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"byte {exc.start}", "not UTF-8 text") from exc
    except csv.Error as exc:
        raise ImportFormatError(path, "csv", str(exc)) from exc
    return header, rows


def _date(text: str, path: Path, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ImportFormatError(path, where, f"not a date: {text!r}") from exc


def _case_number(case_id: str, path: Path, where: str) -> tuple[str, str]:
    match = _CASE_ID.match(case_id.strip())
    if not match:
        raise ImportFormatError(path, where, f"not an EUIP case id: {case_id!r}")
    return f"{match.group(1)}/{match.group(2)}", match.group(4)


def _read_cases(path: Path, rows: list[dict[str, str]]) -> list[ImportedCase]:
    cases = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 2):
        where = f"line {n}"
        if None in row or any(v is None for v in row.values()):
            raise ImportFormatError(path, where, "wrong number of columns")
        case_id = row["case_id"].strip()
        number, state = _case_number(case_id, path, where)
        if case_id in seen:
            raise ImportFormatError(path, where, f"case {case_id} appears twice")
        seen.add(case_id)
        kind = KINDS.get(row["case_type"].strip())
        if kind is None:
            raise ImportFormatError(path, where, f"unknown case type {row['case_type']!r}")
        celex = row["celex"].strip()
        if celex in ("NA", ""):
            celex = ""
        elif not _CELEX.match(celex):
            raise ImportFormatError(path, where, f"not a directive's CELEX number: {celex!r}")
        decisions = []
        for part in (p.strip() for p in row["case_history"].split(",")):
            if not part:
                continue
            match = _HISTORY.match(part)
            if not match or match.group(1) not in HISTORY_CODES:
                raise ImportFormatError(path, f"{where}, case_history", f"unknown stage {part!r}")
            decisions.append((HISTORY_CODES[match.group(1)], _date(match.group(2), path, where)))
        cases.append(
            ImportedCase(
                source_id=case_id,
                number=number,
                kind=kind,
                celex=celex,
                department=row["department"].strip()[:200],
                member_state=state,
                decisions=decisions,
            )
        )
    return cases


def _read_decisions(path: Path, rows: list[dict[str, str]]) -> dict[str, list[tuple[str, date]]]:
    out: dict[str, list[tuple[str, date]]] = {}
    for n, row in enumerate(rows, 2):
        where = f"line {n}"
        if None in row or any(v is None for v in row.values()):
            raise ImportFormatError(path, where, "wrong number of columns")
        _case_number(row["case_id"], path, where)
        stage = STAGE_NAMES.get(row["decision_stage"].strip())
        if stage is None:
            raise ImportFormatError(path, where, f"unknown stage {row['decision_stage']!r}")
        out.setdefault(row["case_id"].strip(), []).append(
            (stage, _date(row["decision_date"], path, where))
        )
    return out


def read_euip(paths: list[Path]) -> list[ImportedCase]:
    """The cases of the files, each with every decision found in the case history and in a
    decisions file. A decision of a case the files do not describe refuses the import."""
    cases: dict[str, ImportedCase] = {}
    decisions: list[tuple[Path, dict[str, list[tuple[str, date]]]]] = []
    for path in paths:
        if not path.is_file():
            raise ImportFormatError(path, "file", "not found")
        header, rows = _rows(path)
        if set(header) >= CASE_COLUMNS:
            for case in _read_cases(path, rows):
                cases[case.source_id] = case
        elif set(header) >= DECISION_COLUMNS:
            decisions.append((path, _read_decisions(path, rows)))
        else:
            raise ImportFormatError(path, "line 1", "neither an EUIP cases nor decisions file")
    for path, found in decisions:
        for case_id, found_rows in found.items():
            if case_id not in cases:
                raise ImportFormatError(path, case_id, "a decision of a case not in the cases file")
            known = set(cases[case_id].decisions)
            cases[case_id].decisions.extend(r for r in found_rows if r not in known)
    for case in cases.values():
        case.decisions.sort(key=lambda pair: pair[1])
    return list(cases.values())
