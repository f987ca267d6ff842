"""Shared helpers for the screening app's tests: small foro-csv lists written to tmp_path.

(Kept out of a conftest.py so it cannot clash with the engine's and importers' tests.)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from foro.screening.lists import DATA_DIR
from foro.screening.services import list_import, subject_register

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


HEADER = (
    "id",
    "name",
    "type",
    "aliases",
    "birth_dates",
    "nationalities",
    "countries",
    "programmes",
    "remarks",
)

ORLOV = {
    "id": "W-1",
    "name": "ORLOVSKY, Dmitri Ivanovich",
    "type": "person",
    "birth_dates": "1966",
    "nationalities": "RU",
}
KASTEEL = {
    "id": "W-2",
    "name": "Kasteel Avionics Trading LLC",
    "type": "organisation",
    "countries": "AE",
}
NAUTILUS = {"id": "W-3", "name": "NAUTILUS PRIDE", "type": "vessel", "countries": "PA"}
BORISOV = {"id": "W-4", "name": "BORISOVA, Yelena", "type": "person", "birth_dates": "1979"}


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def write_list(folder: Path, name: str, rows: list[dict]) -> Path:
    path = folder / name
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def import_rows(tmp_path: Path, rows: list[dict], *, code="foro-watch", actor="system", name=None):
    """Import ``rows`` as a new version of list ``code`` (a foro-csv file in tmp_path)."""
    folder = tmp_path / f"v{len(list(tmp_path.glob('v*')))}"
    folder.mkdir()
    path = write_list(folder, name or "watch.csv", rows)
    return list_import(actor=actor, list_code=code, fmt="foro-csv", paths=[path])


def register(name: str, *, subject_id=None, kind="organisation", countries=(), birth_date=""):
    return subject_register(
        actor="system",
        subject_type="test.party",
        subject_id=subject_id or name,
        name=name,
        kind=kind,
        countries=list(countries),
        birth_date=birth_date,
    )


SHIPPED = {
    "ofac-sdn": ("ofac-csv", [DATA_DIR / "ofac_sdn_csv_2021-07"]),
    "ofac-nonsdn": ("ofac-xml", [DATA_DIR / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml"]),
    "un": ("un-xml", [DATA_DIR / "un_consolidated_2026-02-27.xml"]),
}
