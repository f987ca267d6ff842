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


def _refused(accounts: dict[str, Any]) -> dict[str, Any]:
    from foro.licensing.tests.appeal_helpers import refused

    return {"app_id": refused(accounts).pk}


def _appeal(state: str, outcome: str = "overturn") -> Any:
    def setup(accounts: dict[str, Any]) -> dict[str, Any]:
        from foro.licensing.tests.appeal_helpers import appeal_in

        return {"appeal_id": appeal_in(accounts, state, outcome).pk}

    return setup


AP = f"{V1}/licensing/appeals/{{appeal_id}}"

WRITES = [
    Write(
        "POST",
        f"{A}/appeals",
        "applicant",
        _refused,
        lambda p: {"grounds": "The end user is the national army."},
        201,
        expect={"status": "lodged"},
    ),
    Write(
        "POST",
        f"{AP}/start-review",
        "officer",
        _appeal("lodged"),
        None,
        expect={"status": "under_review"},
    ),
    Write(
        "POST",
        f"{AP}/proposal",
        "officer",
        _appeal("under_review"),
        lambda p: {"outcome": "uphold", "reasoning": "No new facts."},
        expect={"status": "proposed"},
    ),
    Write(
        "POST",
        f"{AP}/countersign",
        "senior",
        _appeal("proposed"),
        lambda p: {"comment": ""},
        # no API token countersigns (docs/security.md); a recent session does
        status=403,
        expect={"type": "urn:problem-type:foro:reauthenticationRequired"},
    ),
    Write(
        "POST",
        f"{AP}/send-back",
        "senior",
        _appeal("proposed"),
        lambda p: {"comment": "Explain criterion 7."},
        expect={"status": "under_review"},
    ),
    Write(
        "POST",
        f"{AP}/withdraw",
        "applicant",
        _appeal("lodged"),
        None,
        expect={"status": "withdrawn"},
    ),
    Write(
        "POST",
        f"{A}/embargo-confirmations",
        "officer",
        _syria_to_confirm,
        lambda p: {"embargo": p["embargo"], "inForce": False, "reason": "Checked on EUR-Lex."},
        expect={"status": "under_assessment"},
    ),
]
