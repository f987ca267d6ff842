"""The Harmonised System nomenclature shipped in ``data/`` (see data/SOURCES.md): checks a
barrier's HS codes and names them. Read once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class HsCode:
    code: str
    description: str
    section: str
    level: int


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, HsCode]:
    with (DATA / "harmonized-system.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["hscode"]: HsCode(
                row["hscode"], row["description"], row["section"], int(row["level"])
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def sections() -> dict[str, str]:
    with (DATA / "hs-sections.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["section"]: row["name"] for row in csv.DictReader(handle)}


def clean_code(raw: str) -> str:
    """``"8703.23"`` or ``"8703 23"`` → ``"870323"`` (the dots and spaces people write)."""
    return "".join(ch for ch in raw if ch not in ". \t")


def lookup(code: str) -> HsCode | None:
    return nomenclature().get(clean_code(code))


def split_codes(text: str) -> list[str]:
    """HS codes as a reader types them: separated by commas, semicolons or new lines."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [clean_code(p) for p in parts if clean_code(p)]
