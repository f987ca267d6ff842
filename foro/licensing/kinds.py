"""Application kinds, read from ``data/application_kinds.toml`` (rules as data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

KINDS_FILE = Path(__file__).resolve().parent / "data" / "application_kinds.toml"

PARTY_ROLES = (
    "consignee",
    "end_user",
    "ultimate_end_user",
    "intermediate_consignee",
    "third_party",
)
DOCUMENT_KINDS = (
    "end_user_certificate",
    "contract",
    "technical_specification",
    "information_answer",
    "other",
)

DESTINATIONS = ("outside-eu", "eu-member", "any", "none")
#: brokering: the applicant arranges a deal between a seller and a buyer abroad (the goods do
#: not pass through Belgium); technical-assistance: services (repair, training, know-how)
#: linked to controlled items, given to someone abroad
DIRECTIONS = ("export", "transfer", "import", "transit", "brokering", "technical-assistance")
ORIGINS = ("none", "outside-eu", "any")
#: the movement details a kind may ask for (import and transit)
MOVEMENT_FIELDS = ("consignor", "origin", "route", "transport")
#: what the embargo check may look at: the destination, every party's country, the country
#: of origin, the consignor's country and the countries of the transit points
EMBARGO_PLACES = ("destination", "parties", "origin", "consignor", "route")
#: individual (one transaction), global (several consignees and end users over a period),
#: general (a published licence a company registers for: not a kind, see
#: ``general_licences.py``; the reports count its use apart); the reports split by it
INSTRUMENTS = ("individual", "global", "general")


@dataclass(frozen=True)
class Kind:
    code: str
    name_nl: str
    name_en: str
    licence_code: str
    control_list: str
    destination: str
    required_parties: tuple[str, ...]
    required_documents: tuple[str, ...]
    decision_days: int
    minister_decision_days: int
    validity_months: int
    validity_confirmed: bool
    #: who takes the final decision: the countersigning role (the minister when a case is
    #: marked "the minister decides", which also doubles the decision target)
    decided_by: str
    active: bool
    #: export | transfer | import | transit: what crosses which border
    direction: str = "export"
    #: where the goods may come from: "none" (from Flanders), "outside-eu" or "any" (not Belgium)
    origin: str = "none"
    #: the movement details the applicant gives: consignor, origin, route, transport
    required_fields: tuple[str, ...] = ()
    #: the places the embargo check looks at (see ``checks.embargo_places``)
    embargo_places: tuple[str, ...] = ("destination", "parties")
    #: submission is refused without a prior authorisation of the applicant's company in
    #: force on the submission date (``[prior_authorisation]`` in the TOML gives the source)
    requires_prior_authorisation: bool = False
    #: who is competent (Flanders or the federal level) where that is not settled for every
    #: case: shown to the applicant and the officer; empty when the region is competent
    competence_nl: str = ""
    competence_en: str = ""
    #: the source of this kind's rules, and the values that are still to confirm against it
    source: str = ""
    to_confirm: tuple[str, ...] = ()
    #: individual | global | general (see ``INSTRUMENTS``); the reports split by it
    instrument: str = "individual"
    #: the applicant asks a validity period (from, until) instead of one shipment
    period: bool = False
    #: several consignees, each with its own ceilings per goods line; the holder records
    #: its usage per consignee (``foro.licensing.services.usage``)
    several_consignees: bool = False

    @property
    def is_global(self) -> bool:
        return self.instrument == "global"

    @property
    def competence(self) -> str:
        en = (get_language() or "nl").startswith("en")
        return (self.competence_en or self.competence_nl) if en else self.competence_nl

    @property
    def has_movement(self) -> bool:
        """The kind asks for a consignor, origin, route or means of transport."""
        return bool(self.required_fields)

    @property
    def asks_destination(self) -> bool:
        """One country of destination is asked; a kind with several consignees takes its
        destinations from the consignees' countries instead."""
        return self.destination != "none" and not self.several_consignees

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AppealRules:
    """The time limits of an appeal of a refusal (data, with its source and what is to confirm)."""

    lodge_within_days: int = 30
    decision_days: int = 60
    source: str = ""
    to_confirm: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriorAuthorisationRule:
    """Why some kinds require a prior authorisation of the company (data, with its source
    and what is to confirm)."""

    source: str = ""
    to_confirm: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReminderRules:
    deadline_days_before: int = 7
    information_days_before: int = 3


@dataclass(frozen=True)
class KindTable:
    version: int
    source: str
    kinds: dict[str, Kind]
    appeal: AppealRules = AppealRules()
    reminders: ReminderRules = ReminderRules()
    prior_authorisation: PriorAuthorisationRule = PriorAuthorisationRule()


def parse_kinds(text: str) -> KindTable:
    data = tomllib.loads(text)
    kinds = {}
    for code, raw in data["kinds"].items():
        kind = Kind(
            code=code,
            name_nl=raw["name_nl"],
            name_en=raw["name_en"],
            licence_code=raw["licence_code"],
            control_list=raw["control_list"],
            destination=raw["destination"],
            required_parties=tuple(raw["required_parties"]),
            required_documents=tuple(raw["required_documents"]),
            decision_days=int(raw["decision_days"]),
            minister_decision_days=int(raw["minister_decision_days"]),
            validity_months=int(raw["validity_months"]),
            validity_confirmed=bool(raw["validity_confirmed"]),
            decided_by=raw["decided_by"],
            active=bool(raw.get("active", True)),
            direction=raw.get("direction", "export"),
            origin=raw.get("origin", "none"),
            required_fields=tuple(raw.get("required_fields", ())),
            embargo_places=tuple(raw.get("embargo_places", ("destination", "parties"))),
            requires_prior_authorisation=bool(raw.get("requires_prior_authorisation", False)),
            competence_nl=raw.get("competence_nl", ""),
            competence_en=raw.get("competence_en", ""),
            source=raw.get("source", ""),
            to_confirm=tuple(raw.get("to_confirm", ())),
            instrument=raw.get("instrument", "individual"),
            period=bool(raw.get("period", False)),
            several_consignees=bool(raw.get("several_consignees", False)),
        )
        if kind.is_global and not (kind.period and kind.several_consignees):
            raise ValueError(f"kind {code}: a global kind asks a period and several consignees")
        if kind.several_consignees and kind.destination not in ("outside-eu", "eu-member"):
            raise ValueError(f"kind {code}: several consignees need a destination rule")
        if kind.decided_by not in ("senior_licensing_officer",):
            raise ValueError(f"kind {code}: decided_by must be senior_licensing_officer")
        if kind.control_list not in ("military", "dual-use"):
            raise ValueError(f"kind {code}: control_list must be military or dual-use")
        if kind.destination not in DESTINATIONS:
            raise ValueError(f"kind {code}: destination must be one of {', '.join(DESTINATIONS)}")
        if kind.direction not in DIRECTIONS:
            raise ValueError(f"kind {code}: direction must be one of {', '.join(DIRECTIONS)}")
        if kind.instrument not in INSTRUMENTS:
            raise ValueError(f"kind {code}: instrument must be one of {', '.join(INSTRUMENTS)}")
        if kind.origin not in ORIGINS:
            raise ValueError(f"kind {code}: origin must be one of {', '.join(ORIGINS)}")
        unknown = set(kind.required_fields) - set(MOVEMENT_FIELDS)
        if unknown:
            raise ValueError(f"kind {code}: unknown required fields {sorted(unknown)}")
        unknown = set(kind.embargo_places) - set(EMBARGO_PLACES)
        if unknown:
            raise ValueError(f"kind {code}: unknown embargo places {sorted(unknown)}")
        if (kind.origin == "none") == ("origin" in kind.required_fields):
            raise ValueError(f"kind {code}: an origin is required exactly when origin is not none")
        unknown = set(kind.to_confirm) - set(Kind.__dataclass_fields__) - {"competence"}
        if unknown:
            raise ValueError(f"kind {code}: to_confirm names unknown fields {sorted(unknown)}")
        unknown = set(kind.required_parties) - set(PARTY_ROLES)
        if unknown:
            raise ValueError(f"kind {code}: unknown party roles {sorted(unknown)}")
        unknown = set(kind.required_documents) - set(DOCUMENT_KINDS)
        if unknown:
            raise ValueError(f"kind {code}: unknown document kinds {sorted(unknown)}")
        kinds[code] = kind
    raw_appeal = data.get("appeal", {})
    appeal = AppealRules(
        lodge_within_days=int(raw_appeal.get("lodge_within_days", 30)),
        decision_days=int(raw_appeal.get("decision_days", 60)),
        source=raw_appeal.get("source", ""),
        to_confirm=tuple(raw_appeal.get("to_confirm", ())),
    )
    if appeal.lodge_within_days <= 0 or appeal.decision_days <= 0:
        raise ValueError("appeal: the time limits must be positive")
    raw_reminders = data.get("reminders", {})
    reminders = ReminderRules(
        deadline_days_before=int(raw_reminders.get("deadline_days_before", 7)),
        information_days_before=int(raw_reminders.get("information_days_before", 3)),
    )
    if reminders.deadline_days_before < 0 or reminders.information_days_before < 0:
        raise ValueError("reminders: the days before must not be negative")
    raw_pa = data.get("prior_authorisation", {})
    return KindTable(
        version=int(data["version"]),
        source=data.get("source", ""),
        kinds=kinds,
        appeal=appeal,
        reminders=reminders,
        prior_authorisation=PriorAuthorisationRule(
            source=raw_pa.get("source", ""), to_confirm=tuple(raw_pa.get("to_confirm", ()))
        ),
    )


@cache
def kind_table() -> KindTable:
    return parse_kinds(KINDS_FILE.read_text(encoding="utf-8"))


def get_kind(code: str) -> Kind:
    return kind_table().kinds[code]


def kinds() -> list[Kind]:
    return [k for k in kind_table().kinds.values() if k.active]


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in kinds()]
