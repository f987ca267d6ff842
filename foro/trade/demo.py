"""Demo data for trade, written through the services (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foro.core.actors import SystemActor
from foro.core.models import User
from foro.trade import services
from foro.trade.models import Agreement, Barrier, FigureImport

DEMO_FIGURES = (
    Path(__file__).resolve().parent / "data" / "demo" / "estat_ext_st_eu27_2020sitc_be.csv"
)

AGREEMENTS: list[dict[str, Any]] = [
    {
        "name_nl": "Brede economische en handelsovereenkomst EU-Canada (CETA)",
        "name_en": "EU-Canada Comprehensive Economic and Trade Agreement (CETA)",
        "short_name": "CETA",
        "kind": "fta",
        "status": "provisional",
        "partners": ["CA"],
        "is_mixed": True,
        "treaty_reference": "Treaty register: CETA (mixed; Flemish assent decree)",
        "negotiations_opened_on": "2009-05-06",
        "concluded_on": "2014-09-26",
        "signed_on": "2016-10-30",
        "provisional_from": "2017-09-21",
        "chapters": [
            {"title": "Trade in goods", "interest": "tariffs on machinery, chemicals and food"},
            {"title": "Investment", "interest": "investment court system; Flemish assent needed"},
        ],
    },
    {
        "name_nl": "Vrijhandelsovereenkomst EU-Japan",
        "name_en": "EU-Japan Economic Partnership Agreement",
        "short_name": "EU-Japan EPA",
        "kind": "fta",
        "status": "in_force",
        "partners": ["JP"],
        "concluded_on": "2017-12-08",
        "signed_on": "2018-07-17",
        "in_force_from": "2019-02-01",
        "chapters": [{"title": "Geographical indications", "interest": "none Flemish yet"}],
    },
    {
        "name_nl": "Handelsovereenkomst EU-Mercosur",
        "name_en": "EU-Mercosur trade agreement",
        "short_name": "EU-Mercosur",
        "kind": "partnership",
        "status": "concluded",
        "partners": ["BR", "AR", "UY", "PY"],
        "negotiations_opened_on": "2000-04-06",
        "concluded_on": "2024-12-06",
        "chapters": [
            {
                "title": "Sanitary and phytosanitary measures",
                "interest": "Flemish agri-food exports",
            }
        ],
    },
    {
        "name_nl": "Vrijhandelsovereenkomst EU-India",
        "name_en": "EU-India free trade agreement",
        "short_name": "EU-India FTA",
        "kind": "fta",
        "status": "negotiating",
        "partners": ["IN"],
        "negotiations_opened_on": "2022-06-17",
        "chapters": [{"title": "Trade in goods", "interest": "diamonds (Antwerp), chemicals"}],
    },
]

BARRIERS: list[tuple[str, dict[str, Any], list[tuple[str, dict[str, str]]], bool]] = [
    (
        "applicant",
        {
            "title": "Import licence for processed cheese",
            "country": "IN",
            "sector": "Dairy",
            "hs_codes": "0406",
            "description": "An import licence is required per consignment and takes 90 days.",
            "value_at_stake_eur": "1200000",
            "priority": "high",
        },
        [
            ("assess", {"note": "Confirmed with the post in Mumbai.", "priority": "high"}),
            ("escalate", {"note": "Raised with the Commission.", "escalated_to": "eu"}),
        ],
        True,
    ),
    (
        "post",
        {
            "title": "Conformity certificates for machinery not recognised",
            "country": "US",
            "sector": "Machinery",
            "hs_codes": "8479, 8428",
            "description": "Certificates issued in the EU are not accepted; a second test is required.",
            "value_at_stake_eur": "4500000",
            "priority": "medium",
        },
        [("assess", {"note": "Affects several Flemish firms.", "priority": "medium"})],
        False,
    ),
    (
        "policy",
        {
            "title": "Labelling rules for chocolate",
            "country": "CA",
            "sector": "Food",
            "hs_codes": "1806",
            "description": "Bilingual labelling rules applied in a way that discriminates against imports.",
            "value_at_stake_eur": "300000",
            "priority": "low",
        },
        [
            ("assess", {"note": "Checked against CETA chapter 4.", "priority": "low"}),
            ("partly_resolve", {"note": "Transitional period granted."}),
        ],
        False,
    ),
    (
        "applicant2",
        {
            "title": "Duty on optical instruments",
            "country": "BR",
            "sector": "Optics",
            "hs_codes": "9005",
            "description": "A 20% duty on binoculars and telescopes.",
            "value_at_stake_eur": "800000",
            "priority": "medium",
        },
        [],
        False,
    ),
]


def load(*, stdout: Any = None) -> None:
    if not FigureImport.objects.exists():
        services.figures_import(
            actor=SystemActor.DEMO,
            path=DEMO_FIGURES,
            source="Written for foro's demo from Eurostat's SDMX-CSV documentation (invented values)",
            is_fixture=True,
        )
    for data in AGREEMENTS:
        if not Agreement.objects.filter(name_en=data["name_en"]).exists():
            services.agreement_create(actor=SystemActor.DEMO, data=data)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["applicant", "applicant2", "post", "policy", "management"]
        )
    }
    if "policy" not in users:
        return
    for username, data, steps, publish in BARRIERS:
        if Barrier.objects.filter(title=data["title"]).exists() or username not in users:
            continue
        barrier = services.barrier_report(actor=users[username], data=data)
        for action, inputs in steps:
            barrier = services.barrier_act(
                actor=users["policy"], barrier=barrier, action=action, **inputs
            )
        if publish and "management" in users:
            services.barrier_summary_propose(
                actor=users["policy"],
                barrier=barrier,
                title="Licensing of cheese imports into India",
                summary="Each consignment of processed cheese needs its own import licence, "
                "which takes about 90 days. Raised with the European Commission.",
            )
            services.barrier_summary_approve(actor=users["management"], barrier=barrier)
    if stdout is not None:
        stdout.write("trade: demo agreements, barriers and figures loaded\n")
