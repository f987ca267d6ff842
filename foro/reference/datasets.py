"""The reference datasets: file, model and how each CSV row becomes a model row.

A converter gets the row (a dict) and returns field values, or raises ValueError with a
reason; the loader adds the file name and line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foro.reference.models import (
    ArmsEmbargo,
    AssessmentCriterion,
    DualUseCategory,
    MilitaryListCategory,
    ReferenceRow,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Dataset:
    name: str
    filename: str
    model: type[ReferenceRow]
    columns: tuple[str, ...]
    convert: Callable[[dict], dict]
    #: fields that identify a row: a file may not repeat them
    key: tuple[str, ...] = ()
    #: where the file is shipped: this app's data folder unless the owning module says
    directory: Path = DATA_DIR

    @property
    def path(self) -> Path:
        return self.directory / self.filename


def required(row: dict, *names: str) -> None:
    for name in names:
        if not (row.get(name) or "").strip():
            raise ValueError(f"column {name!r} is empty")


_ISO2 = re.compile(r"^[A-Z]{2}$")


def iso2(value: str, column: str, *, blank: bool = False) -> str:
    value = (value or "").strip().upper()
    if not value and blank:
        return ""
    if not _ISO2.match(value):
        raise ValueError(f"column {column!r}: {value!r} is not a two-letter ISO country code")
    return value


def parse_since(text: str) -> date | None:
    """The first date in free text: ``2011``, ``2003-07``, ``2006 (restored 2025-09-28)``."""
    m = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not m:
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def iso_date(value: str, column: str, *, blank: bool = False) -> date | None:
    """A date written as YYYY-MM-DD (nothing else: a review or end date must be exact)."""
    value = (value or "").strip()
    if not value and blank:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def _reviewed(row: dict) -> dict:
    """The age columns every reviewed dataset has: the date by which the row is checked again."""
    return {"review_date": iso_date(row.get("review_by", ""), "review_by")}


def _military(row: dict) -> dict:
    required(row, "code", "heading_en", "heading_nl")
    code = row["code"].strip()
    if not re.fullmatch(r"ML([1-9]|1\d|2[0-2])", code):
        raise ValueError(f"column 'code': {code!r} is not a Common Military List category ML1–ML22")
    return {
        "code": code,
        "heading_en": row["heading_en"].strip(),
        "heading_nl": row["heading_nl"].strip(),
        "notes": row.get("notes", "").strip(),
        "source": row.get("source", "").strip(),
        "confidence": row.get("confidence", "").strip(),
        **_reviewed(row),
    }


def _dualuse(row: dict) -> dict:
    required(row, "type", "code", "name_en", "name_nl")
    kind = row["type"].strip()
    if kind not in DualUseCategory.Type.values:
        raise ValueError(f"column 'type': unknown type {kind!r}")
    return {
        "type": kind,
        "code": row["code"].strip(),
        "name_en": row["name_en"].strip(),
        "name_nl": row["name_nl"].strip(),
        "notes": row.get("notes", "").strip(),
        "source": row.get("source", "").strip(),
        "confidence": row.get("confidence", "").strip(),
        **_reviewed(row),
    }


def _criterion(row: dict) -> dict:
    required(row, "criterion", "title_en", "title_nl", "effect")
    try:
        number = int(row["criterion"])
    except ValueError:
        raise ValueError(f"column 'criterion': {row['criterion']!r} is not a number") from None
    if not 1 <= number <= 8:
        raise ValueError(f"column 'criterion': {number} is not one of the eight criteria")
    effect = row["effect"].strip()
    if effect not in AssessmentCriterion.Effect.values:
        raise ValueError(f"column 'effect': {effect!r} is not deny or consider")
    return {
        "number": number,
        "title_en": row["title_en"].strip(),
        "title_nl": row["title_nl"].strip(),
        "summary_en": row.get("summary_en", "").strip(),
        "effect": effect,
        "source": row.get("source", "").strip(),
        "confidence": row.get("confidence", "").strip(),
        **_reviewed(row),
    }


def _embargo(row: dict) -> dict:
    required(row, "country_name", "issuer", "scope", "scope_kind", "legal_act", "since")
    issuer = row["issuer"].strip()
    if issuer not in ArmsEmbargo.Issuer.values:
        raise ValueError(f"column 'issuer': {issuer!r} is not UN, EU or OSCE")
    scope_kind = row["scope_kind"].strip()
    if scope_kind not in ArmsEmbargo.ScopeKind.values:
        raise ValueError(
            f"column 'scope_kind': {scope_kind!r} is not one of {', '.join(ArmsEmbargo.ScopeKind.values)}"
        )
    since = parse_since(row["since"])
    if since is None:
        raise ValueError(f"column 'since': {row['since']!r} does not start with a year")
    return {
        "country_code": iso2(row.get("country_iso2", ""), "country_iso2", blank=True),
        "country_name": row["country_name"].strip(),
        "issuer": issuer,
        "scope": row["scope"].strip(),
        "scope_kind": scope_kind,
        "legal_act": row["legal_act"].strip(),
        "since_text": row["since"].strip()[:120],
        "since_date": since,
        "status_note": row.get("status_note", "").strip(),
        "end_date": iso_date(row.get("end_date", ""), "end_date", blank=True),
        "source": row.get("source", "").strip(),
        "confidence": row.get("confidence", "").strip(),
        **_reviewed(row),
    }


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "military-list",
            "military_list.csv",
            MilitaryListCategory,
            ("code", "heading_en", "heading_nl", "notes", "source", "review_by"),
            _military,
            ("code",),
        ),
        Dataset(
            "dual-use",
            "dualuse_categories.csv",
            DualUseCategory,
            ("type", "code", "name_nl", "name_en", "notes", "source", "confidence", "review_by"),
            _dualuse,
            ("type", "code"),
        ),
        Dataset(
            "criteria",
            "common_position_criteria.csv",
            AssessmentCriterion,
            (
                "criterion",
                "title_nl",
                "title_en",
                "summary_en",
                "effect",
                "source",
                "confidence",
                "review_by",
            ),
            _criterion,
            ("number",),
        ),
        Dataset(
            "embargoes",
            "arms_embargoes.csv",
            ArmsEmbargo,
            (
                "country_iso2",
                "country_name",
                "issuer",
                "scope",
                "scope_kind",
                "legal_act",
                "since",
                "status_note",
                "confidence",
                "source",
                "end_date",
                "review_by",
            ),
            _embargo,
            ("country_code", "country_name", "issuer"),
        ),
    )
}


def register(dataset: Dataset) -> None:
    """A module that owns a reference dataset (the network's representations, …) adds it when
    its app loads, so that ``reference`` never imports the module."""
    existing = DATASETS.get(dataset.name)
    if existing is not None and existing != dataset:
        raise ValueError(f"reference dataset {dataset.name!r} is registered twice")
    DATASETS[dataset.name] = dataset
