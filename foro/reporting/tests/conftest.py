"""A small known data set made through the licensing services, with time moved so that each
decision falls on its own date. The figures it must give are worked out by hand in
``EXPECTED`` (and in the comments), not by the code under test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from foro.licensing import services
from foro.licensing.tests.conftest import granted, proposed

BXL = ZoneInfo("Europe/Brussels")


def at(day: date, hour: int = 11):
    return time_machine.travel(datetime.combine(day, time(hour), BXL), tick=False)


def goods(*lines: tuple[str, str]) -> list[dict]:
    """Goods lines from (control entry, value)."""
    return [
        {
            "description": f"Goods {entry}",
            "control_entry": entry,
            "cn_code": "93069090",
            "quantity": "10",
            "unit": "pieces",
            "value_eur": value,
        }
        for entry, value in lines
    ]


def refuse(accounts, criteria: list[int], **overrides):
    app = proposed(accounts, "export-military", "grant", **overrides)
    # a refusal citing chosen criteria: send the grant back and propose a refusal
    services.decision_send_back(
        actor=accounts["senior"], application=app, comment="Reconsider the end user."
    )
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision="refuse",
        reasoning="Clear risk.",
        criteria_cited=criteria,
    )
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    return app


@dataclass
class Known:
    l1: object
    l2: object
    l3: object
    l4: object
    l5: object
    r1: object
    r2: object


US_PARTIES = [
    {
        "role": "consignee",
        "name": "Atlantic Test Logistics LLC",
        "address": "Warren MI",
        "country": "US",
    },
    {"role": "end_user", "name": "US Test Command", "address": "Warren MI", "country": "US"},
]


@pytest.fixture
def known(accounts, watchlist) -> Known:
    """
    2024-03-01  L5  export-military → CA   ML3 45 000 + ML1 12 500
    2025-02-01  L4  export-dual-use → JP   cat. 1 8 200
    2025-03-10  L1  export-military → CA   ML3 45 000 + ML1 12 500   (two categories)
    2025-04-15  L2  export-military → CA   ML1 1 000 + ML1 2 000     (two lines, one category)
    2025-05-20  L3  transfer-intra-eu → NL ML15 360 000
    2025-06-02  R1  refused, CA, ML3 + ML1, criteria 2 and 7
    2025-06-03  R2  refused, US, ML4, criteria 1, 2 and 4
    exports: L1 ML3 10 000 on 2025-06-20 and 5 000 on 2025-07-05 (two periods);
             L3 ML15 100 000 on 2025-06-10 (intra-EU)
    """
    with at(date(2024, 3, 1)):
        l5 = granted(accounts, "export-military").licence
    with at(date(2025, 2, 1)):
        l4 = granted(accounts, "export-dual-use").licence
    with at(date(2025, 3, 10)):
        l1 = granted(accounts, "export-military").licence
    with at(date(2025, 4, 15)):
        l2 = granted(
            accounts, "export-military", goods=goods(("ML1.a", "1000.00"), ("ML1.d", "2000.00"))
        ).licence
    with at(date(2025, 5, 20)):
        l3 = granted(accounts, "transfer-intra-eu").licence
    with at(date(2025, 6, 2)):
        r1 = refuse(accounts, [2, 7])
    with at(date(2025, 6, 3)):
        r2 = refuse(
            accounts,
            [1, 2, 4],
            destination="US",
            parties=US_PARTIES,
            goods=goods(("ML4.a", "70000.00")),
        )
    ml3 = l1.lines.get(control_category="ML3")
    for day, value, number in ((date(2025, 6, 20), "10000", "1"), (date(2025, 7, 5), "5000", "2")):
        with at(day, 15):
            services.export_record(
                actor=accounts["applicant"],
                licence=l1,
                line_id=ml3.pk,
                shipped_on=day,
                quantity="100",
                value_eur=value,
                customs_declaration=f"25BE00000000000{number}",
            )
    with at(date(2025, 6, 10), 15):
        services.export_record(
            actor=accounts["applicant"],
            licence=l3,
            line_id=l3.lines.get().pk,
            shipped_on=date(2025, 6, 10),
            quantity="5",
            value_eur="100000",
            customs_declaration="25BE000000000003",
        )
    return Known(l1, l2, l3, l4, l5, r1, r2)


D = Decimal

#: the figures of the first half of 2025, worked out by hand from the table above
EXPECTED_2025_H1 = {
    "third-countries": {
        "granted_cells": {
            ("CA", "ML1"): (2, D("15500.00")),  # L1 12 500 + L2 1 000 + 2 000; L2 once
            ("CA", "ML3"): (1, D("45000.00")),  # L1
            ("JP", "1"): (1, D("8200.00")),  # L4
        },
        "granted_rows": {"CA": (2, D("60500.00")), "JP": (1, D("8200.00"))},
        "granted_cols": {
            "ML1": (2, D("15500.00")),
            "ML3": (1, D("45000.00")),
            "1": (1, D("8200.00")),
        },
        "granted_total": (3, D("68700.00")),  # L1, L2, L4: three licences
        "refusals": {"CA": (1, {2: 1, 7: 1}), "US": (1, {1: 1, 2: 1, 4: 1})},
        "refusals_total": (2, {1: 1, 2: 2, 4: 1, 7: 1}),
        "refusal_cells": {("CA", "ML1"): 1, ("CA", "ML3"): 1, ("US", "ML4"): 1},
        "exports": {("CA", "ML3"): (1, D("10000.00"))},  # the July export is in H2
    },
    "intra-eu": {
        "granted_cells": {("NL", "ML15"): (1, D("360000.00"))},
        "granted_total": (1, D("360000.00")),
        "exports": {("NL", "ML15"): (1, D("100000.00"))},
    },
}

COMPANY_AND_PARTY_NAMES = [
    "Flandrix",
    "Scheldt",
    "Department of National Defence Canada",
    "Canadian Army Training Centre",
    "Defensie Materieel Organisatie",
    "Koninklijke Landmacht",
    "Tokyo Scientific Supplies",
    "Kyoto Materials Laboratory",
    "Atlantic Test Logistics",
    "US Test Command",
    "0412345614",
    "0765432146",
]
