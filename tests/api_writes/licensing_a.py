"""The licensing API's write operations added for issue 10 (part A): the officer's
confirmation of an embargo measure past its end or review date."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

A = f"{V1}/licensing/applications/{{app_id}}"


def _syria_to_confirm(accounts: dict[str, Any]) -> dict[str, Any]:
    """A case whose destination has an embargo measure that ran to 1 June 2026 (to confirm
    from then on; the test runs with today's date, after it)."""
    from foro.licensing.tests.conftest import assessed
    from foro.licensing.tests.test_embargo_confirm import SYRIA
    from foro.reference.selectors import current_rows

    app = assessed(accounts, **SYRIA)
    row = current_rows("embargoes").get(country_code="SY", issuer="EU")
    return {"app_id": app.pk, "embargo": row.pk}


WRITES = [
    Write(
        "POST",
        f"{A}/embargo-confirmations",
        "officer",
        _syria_to_confirm,
        lambda p: {"embargo": p["embargo"], "inForce": False, "reason": "Checked on EUR-Lex."},
        expect={"status": "under_assessment"},
    ),
]
