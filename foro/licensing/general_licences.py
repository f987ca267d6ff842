"""General licences, read from ``data/general_licences.toml`` (conditions as data).

Each licence carries its legal source and a ``to_confirm`` list naming the fields not yet
checked against the official text; pages show that mark, the code never hides it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

GENERAL_FILE = Path(__file__).resolve().parent / "data" / "general_licences.toml"

FAMILIES = ("flemish-transfer", "eu-export")
DESTINATION_RULES = ("eu-member", "listed", "all-but-excluded")
_FIELDS = (
    "number",
    "family",
    "name_nl",
    "name_en",
    "legal_source",
    "source_url",
    "destinations",
    "destination_codes",
    "excluded_codes",
    "recipient",
    "goods_prefixes",
    "goods_note",
    "exclusions",
    "prior_authorisation_required",
    "report_period_months",
    "to_confirm",
)


@dataclass(frozen=True)
class GeneralLicence:
    code: str
    number: str
    family: str
    name_nl: str
    name_en: str
    legal_source: str
    source_url: str
    destinations: str
    destination_codes: tuple[str, ...]
    excluded_codes: tuple[str, ...]
    recipient: str
    goods_prefixes: tuple[str, ...]
    goods_note: str
    exclusions: tuple[str, ...]
    prior_authorisation_required: bool
    report_period_months: int
    to_confirm: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def uncertain(self, field: str) -> bool:
        return field in self.to_confirm

    def allows_destination(self, code: str, *, eu_member: bool) -> bool:
        """Whether the licence's destination rule admits the country ``code`` (arms
        embargoes are checked separately, against the reference data)."""
        if self.destinations == "eu-member":
            return eu_member
        if self.destinations == "listed":
            return code in self.destination_codes
        return code not in self.excluded_codes and not eu_member

    def allows_goods(self, control_entry: str) -> bool:
        entry = control_entry.strip().upper()
        return any(entry.startswith(prefix) for prefix in self.goods_prefixes)


@dataclass(frozen=True)
class PriorAuthorisationRules:
    validity_years: int
    legal_source: str
    source_url: str
    to_confirm: tuple[str, ...]


@dataclass(frozen=True)
class CertificationRules:
    max_validity_years: int
    audit_interval_years: int
    legal_source: str
    source_url: str
    to_confirm: tuple[str, ...]


@dataclass(frozen=True)
class GeneralTable:
    version: int
    source: str
    prior_authorisation: PriorAuthorisationRules
    certification: CertificationRules
    licences: dict[str, GeneralLicence]


def parse_general(text: str) -> GeneralTable:
    """Read the table; a missing or unknown field is refused with the licence's code."""
    data = tomllib.loads(text)
    licences: dict[str, GeneralLicence] = {}
    for code, raw in data["licences"].items():
        if not code.startswith("general-"):
            raise ValueError(f"general licence {code}: the code must start with 'general-'")
        missing = [f for f in _FIELDS if f not in raw]
        unknown = sorted(set(raw) - set(_FIELDS))
        if missing or unknown:
            raise ValueError(f"general licence {code}: missing {missing}, unknown {unknown}")
        if raw["family"] not in FAMILIES:
            raise ValueError(f"general licence {code}: family must be one of {FAMILIES}")
        if raw["destinations"] not in DESTINATION_RULES:
            raise ValueError(f"general licence {code}: destinations must be {DESTINATION_RULES}")
        if raw["destinations"] == "listed" and not raw["destination_codes"]:
            raise ValueError(f"general licence {code}: a listed rule needs destination_codes")
        bad = sorted(set(raw["to_confirm"]) - set(_FIELDS))
        if bad:
            raise ValueError(f"general licence {code}: to_confirm names unknown fields {bad}")
        licences[code] = GeneralLicence(
            code=code,
            number=str(raw["number"]),
            family=raw["family"],
            name_nl=raw["name_nl"],
            name_en=raw["name_en"],
            legal_source=raw["legal_source"],
            source_url=raw["source_url"],
            destinations=raw["destinations"],
            destination_codes=tuple(raw["destination_codes"]),
            excluded_codes=tuple(raw["excluded_codes"]),
            recipient=raw["recipient"],
            goods_prefixes=tuple(raw["goods_prefixes"]),
            goods_note=raw["goods_note"],
            exclusions=tuple(raw["exclusions"]),
            prior_authorisation_required=bool(raw["prior_authorisation_required"]),
            report_period_months=int(raw["report_period_months"]),
            to_confirm=tuple(raw["to_confirm"]),
        )
    pa = data["prior_authorisation"]
    rules = PriorAuthorisationRules(
        validity_years=int(pa["validity_years"]),
        legal_source=pa["legal_source"],
        source_url=pa["source_url"],
        to_confirm=tuple(pa.get("to_confirm", ())),
    )
    cr = data["certified_recipients"]
    certification = CertificationRules(
        max_validity_years=int(cr["max_validity_years"]),
        audit_interval_years=int(cr["audit_interval_years"]),
        legal_source=cr["legal_source"],
        source_url=cr["source_url"],
        to_confirm=tuple(cr.get("to_confirm", ())),
    )
    return GeneralTable(
        version=int(data["version"]),
        source=data.get("source", ""),
        prior_authorisation=rules,
        certification=certification,
        licences=licences,
    )


@cache
def general_table() -> GeneralTable:
    return parse_general(GENERAL_FILE.read_text(encoding="utf-8"))


def general_licences() -> list[GeneralLicence]:
    return list(general_table().licences.values())


def get_general(code: str) -> GeneralLicence:
    return general_table().licences[code]


def general_choices() -> list[tuple[str, str]]:
    return [(g.code, str(g)) for g in general_licences()]
