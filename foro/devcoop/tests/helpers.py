"""Test helpers: a complete activity built through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foro.core.actors import SystemActor
from foro.devcoop import services
from foro.devcoop.models import Activity

DATA = Path(__file__).parent / "data"

ACTIVITY = {
    "title_nl": "Klimaatbestendige landbouw in Zomba",
    "title_en": "Climate-resilient agriculture in Zomba",
    "description_nl": "Steun aan kleine boeren voor droogtebestendige teelten.",
    "description_en": "Support to smallholder farmers for drought-tolerant crops.",
    "status": "2",
    "planned_start": "2024-01-01",
    "actual_start": "2024-02-01",
    "planned_end": "2027-12-31",
    "recipient_country": "MW",
    "default_currency": "EUR",
    "collaboration_type": "1",
    "default_flow_type": "10",
    "default_finance_type": "110",
    "default_aid_type": "C01",
    "default_tied_status": "5",
    "participants": [
        {"role": "1", "ref": "BE-BCE_KBO-0316380940", "name": "Flemish Government", "type": "10"},
        {"role": "4", "ref": "XM-DAC-41301", "name": "FAO", "type": "40"},
    ],
    "sectors": [
        {"vocabulary": "1", "code": "31120", "percentage": "60"},
        {"vocabulary": "1", "code": "41010", "percentage": "40"},
    ],
    "locations": [{"name": "Zomba", "latitude": "-15.386", "longitude": "35.318"}],
    "markers": [{"code": "7", "significance": "2"}],
    "objectives": [],
}


def activity_data(**overrides: Any) -> dict[str, Any]:
    data = {**ACTIVITY, "identifier": "MW-2024-001"}
    data.update(overrides)
    return data


def full_activity(actor: Any = SystemActor.DEMO, **overrides: Any) -> Activity:
    activity = services.activity_create(actor=actor, data=activity_data(**overrides))
    services.budget_add(
        actor=actor,
        activity=activity,
        data={
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "400000",
            "currency": "EUR",
        },
    )
    services.transaction_add(
        actor=actor,
        activity=activity,
        data={
            "type": "2",
            "date": "2024-01-15",
            "value": "1200000",
            "currency": "EUR",
            "receiver_name": "FAO",
            "receiver_ref": "XM-DAC-41301",
        },
    )
    services.transaction_add(
        actor=actor,
        activity=activity,
        data={
            "type": "3",
            "date": "2024-03-15",
            "value": "300000",
            "currency": "USD",
            "receiver_name": "FAO",
        },
    )
    services.result_add(
        actor=actor,
        activity=activity,
        data={
            "title": "Farmers adopt drought-tolerant crops",
            "indicator": "Farmers using drought-tolerant seed",
            "measure": "1",
            "baseline_year": "2023",
            "baseline_value": "1200",
            "periods": [
                {
                    "period_start": "2024-01-01",
                    "period_end": "2024-12-31",
                    "target": "5000",
                    "actual": "4100",
                }
            ],
        },
    )
    services.document_add(
        actor=actor,
        activity=activity,
        data={"url": "https://www.fao.org/malawi/en/", "title": "FAO in Malawi", "category": "A01"},
    )
    activity.refresh_from_db()
    return activity
