"""One audit event per write service of the network."""

from __future__ import annotations

from foro.core.models import AuditEvent
from foro.network import services
from foro.network.tests.conftest import make_report, submitted_report


def _count(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def test_every_network_write_is_audited(accounts):
    services.staff_assign(
        actor=accounts["admin"],
        data={
            "representation_code": "FL-IT",
            "name": "A",
            "function": "head",
            "starts_on": "2024-01-01",
        },
    )
    assert _count("staff.assigned") == 1
    draft = make_report(accounts["post"], "internal", readers=())
    assert _count("report.created") == 1
    services.report_set_readers(actor=accounts["post"], report=draft, readers=["policy"])
    assert _count("report.readers_named") == 1
    services.report_attach(actor=accounts["post"], report=draft, name="a.txt", content=b"a\n")
    assert _count("report.attached") == 1
    report = submitted_report(accounts, "internal")
    services.report_comment(actor=accounts["policy"], report=report, text="Fine.")
    assert _count("report.commented") == 1
    mission = services.mission_create(
        actor=accounts["policy"],
        data={
            "kind": "incoming",
            "title": "Visit",
            "country": "IT",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-02",
        },
    )
    assert _count("mission.created") == 1
    services.mission_outcome(actor=accounts["policy"], mission=mission, outcomes="Agreed.")
    assert _count("mission.outcomes_recorded") == 1
    action = services.mission_action_add(
        actor=accounts["policy"],
        mission=mission,
        data={"description": "Letters", "owner": "post", "due_date": "2026-03-10"},
    )
    assert _count("action.created") == 1 and list(mission.follow_ups.all()) == [action]
