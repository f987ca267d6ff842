"""Directive, measure and case services: validation, permissions, audit, CELEX linking."""

from __future__ import annotations

import pytest

from foro.core.actors import SystemActor
from foro.core.errors import PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.eulaw import services
from foro.eulaw.models import Directive
from foro.eulaw.tests.conftest import make_directive

pytestmark = pytest.mark.django_db


def _verb() -> str:
    e = AuditEvent.objects.order_by("-seq").first()
    assert e is not None
    return e.verb


def test_directive_create_links_cases_by_celex_and_audits(accounts):
    case = services.infringement_create(
        actor=SystemActor.SYSTEM,
        data={"number": "2021/0123", "kind": "non_communication", "celex": "32018L2001"},
    )
    assert _verb() == "infringement.created" and case.directive is None
    d = services.directive_create(
        actor=accounts["policy"],
        data={
            "celex": "32018L2001",
            "title": "RED II",
            "domain": "environment",
            "competence": "partly",
            "deadlines": ["30/06/2021"],
        },
    )
    assert _verb() == "directive.created"
    case.refresh_from_db()
    assert case.directive == d and d.officer == accounts["policy"] and d.number == "2018/2001"
    assert [str(x.due_on) for x in d.deadlines.all()] == ["2021-06-30"]


def test_invalid_directive_lists_every_problem(accounts):
    with pytest.raises(ValidationFailed) as exc:
        services.directive_create(
            actor=accounts["policy"],
            data={
                "celex": "2018/2001",
                "title": "",
                "domain": "sport",
                "competence": "",
                "deadlines": ["31/02/2021"],
            },
        )
    fields = {e["field"] for e in exc.value.errors}
    assert {"celex", "title", "domain", "competence", "deadlines[1].due_on"} <= fields
    assert not Directive.objects.exists()


@pytest.mark.parametrize("role", ["applicant", "officer", "management", "post", "admin"])
def test_only_policy_officers_write(accounts, role):
    with pytest.raises(PermissionDenied):
        make_directive(accounts[role])
    d = make_directive()
    with pytest.raises(PermissionDenied):
        services.measure_create(actor=accounts[role], directive=d, data={"title": "x"})


def test_measure_and_correlation(accounts):
    d = make_directive(accounts["policy"])
    with pytest.raises(ValidationFailed):
        services.measure_create(
            actor=accounts["policy"],
            directive=d,
            data={"title": "Decreet", "notified_on": "2024-01-01"},
        )
    m = services.measure_create(
        actor=accounts["policy"],
        directive=d,
        data={
            "title": "Decreet van 3 mei 2024",
            "eli": "https://www.ejustice.just.fgov.be/eli/decreet/2024/05/03/1",
            "adopted_on": "03/05/2024",
        },
    )
    assert _verb() == "measure.created"
    services.correlation_add(
        actor=accounts["policy"], measure=m, directive_article="Art. 5(1)", provision="Art. 12 §1"
    )
    assert _verb() == "measure.correlation_added"
    assert m.correlations.count() == 1
    with pytest.raises(ValidationFailed):
        services.correlation_add(
            actor=accounts["policy"], measure=m, directive_article="", provision=""
        )
