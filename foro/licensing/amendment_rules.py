"""The rules of amendments, renewals and shared denials, read from
``data/amendment_rules.toml`` (rules as data, each with its source and a "to confirm" mark)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "amendment_rules.toml"


@dataclass(frozen=True)
class Rule:
    source: str
    confirmed: bool


@dataclass(frozen=True)
class RenewalRule(Rule):
    control_lists: tuple[str, ...]
    times: int
    months: int


@dataclass(frozen=True)
class DenialRule(Rule):
    validity_months: int
    match: tuple[str, ...]
    match_source: str
    match_confirmed: bool


@dataclass(frozen=True)
class AmendmentRules:
    version: int
    renewal: RenewalRule
    validity: Rule
    denials: DenialRule


def parse_rules(text: str) -> AmendmentRules:
    data = tomllib.loads(text)
    r, v, d = data["renewal"], data["validity"], data["denials"]
    renewal = RenewalRule(
        source=str(r["source"]),
        confirmed=bool(r["confirmed"]),
        control_lists=tuple(r["control_lists"]),
        times=int(r["times"]),
        months=int(r["months"]),
    )
    if renewal.times < 0 or renewal.months <= 0:
        raise ValueError("renewal: times must be >= 0 and months > 0")
    if set(renewal.control_lists) - {"military", "dual-use"}:
        raise ValueError("renewal: control_lists are military and/or dual-use")
    if v["limit"] != "kind":
        raise ValueError("validity: limit must be 'kind'")
    denials = DenialRule(
        source=str(d["source"]),
        confirmed=bool(d["confirmed"]),
        validity_months=int(d["validity_months"]),
        match=tuple(d["match"]),
        match_source=str(d["match_source"]),
        match_confirmed=bool(d["match_confirmed"]),
    )
    if denials.validity_months <= 0:
        raise ValueError("denials: validity_months must be > 0")
    return AmendmentRules(
        version=int(data["version"]),
        renewal=renewal,
        validity=Rule(source=str(v["source"]), confirmed=bool(v["confirmed"])),
        denials=denials,
    )


@cache
def rules() -> AmendmentRules:
    return parse_rules(RULES_FILE.read_text(encoding="utf-8"))
