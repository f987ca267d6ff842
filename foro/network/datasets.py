"""The network's reference dataset: the 14 representations, shipped in ``network/data/`` and
registered with the reference loader when the app loads (``reference`` never imports
``network``)."""

from __future__ import annotations

from pathlib import Path

from foro.network.models import Representation
from foro.reference.datasets import Dataset, iso2, required

DATA_DIR = Path(__file__).resolve().parent / "data"


def convert_representation(row: dict[str, str]) -> dict[str, str]:
    required(row, "id", "city", "host_country_iso2")
    codes = [
        c.strip().upper() for c in (row.get("jurisdiction_iso2") or "").split(";") if c.strip()
    ]
    for code in codes:
        iso2(code, "jurisdiction_iso2")
    return {
        "code": row["id"].strip(),
        "city": row["city"].strip(),
        "host_country_code": iso2(row["host_country_iso2"], "host_country_iso2"),
        "jurisdiction": ";".join(codes),
        "international_organisations": row.get("international_organisations", "").strip(),
        "opened": row.get("opened", "").strip(),
        "colocated_with_belgian_mission": row.get("colocated_with_belgian_mission", "").strip(),
        "colocation_detail": row.get("colocation_detail", "").strip(),
        "partner_agencies": row.get("partner_agencies_same_site", "").strip(),
        "satellite_offices": row.get("satellite_offices", "").strip(),
        "status_note": row.get("status_note", "").strip(),
        "source": row.get("source", "").strip(),
        "confidence": row.get("confidence", "").strip(),
    }


REPRESENTATIONS = Dataset(
    "representations",
    "representations.csv",
    Representation,
    (
        "id",
        "city",
        "host_country_iso2",
        "jurisdiction_iso2",
        "international_organisations",
        "opened",
        "colocated_with_belgian_mission",
        "colocation_detail",
        "partner_agencies_same_site",
        "satellite_offices",
        "status_note",
        "confidence",
        "source",
    ),
    convert_representation,
    ("code",),
    directory=DATA_DIR,
)
