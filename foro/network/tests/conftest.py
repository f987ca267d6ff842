"""Network test helpers: post reports and missions made with the services."""

from __future__ import annotations

from typing import Any

import pytest

from foro.core.models import User
from foro.core.roles import Role
from foro.core.services import user_create
from foro.network import services


def other_post_user() -> User:
    """Representation staff at another post (Berlin)."""
    user = User.objects.filter(username="post-de").first()
    return user or user_create(
        actor="system",
        username="post-de",
        password=None,
        roles=[Role.POST],
        first_name="Dora",
        last_name="Berg",
        representation_code="FL-DE",
    )


def make_report(
    author: User,
    classification: str = "restricted",
    *,
    readers=("policy",),
    country="IT",
    **extra: Any,
):
    return services.report_create(
        actor=author,
        data={
            "kind": "political",
            "title": extra.pop("title", f"Political outlook ({classification})"),
            "body": "Elections are coming; the coalition is fragile.",
            "classification": classification,
            "readers": list(readers),
            "countries": [country],
            "objectives": [1],
            **extra,
        },
    )


def submitted_report(accounts, classification: str = "restricted", **extra: Any):
    report = make_report(accounts["post"], classification, **extra)
    services.report_transition(actor=accounts["post"], report=report, action="submit")
    report.refresh_from_db()
    return report


@pytest.fixture
def restricted(accounts):
    return submitted_report(accounts, "restricted", title="Restricted cable on the coalition")
