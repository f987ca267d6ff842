"""``foro demo generate``: synthetic, marked, deterministic, refused on real data."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from foro.core.models import AuditEvent
from foro.licensing.models import Application, Denial, ExportRecord, Licence, LicenceLine
from foro.reporting import figures as fig
from foro.reporting import periods
from foro.reporting.generate import PREFIX, generate, real_applications
from foro.reporting.tests.conftest import at

pytestmark = pytest.mark.django_db


def snapshot() -> list:
    return (
        list(
            Licence.objects.order_by("number").values_list(
                "number", "kind", "destination_id", "issued_at"
            )
        )
        + list(
            LicenceLine.objects.order_by("licence__number", "goods_line__position").values_list(
                "control_category", "authorised_value_eur"
            )
        )
        + list(Denial.objects.order_by("reference").values_list("reference", "criteria"))
    )


def test_generates_marked_licences_lines_exports_and_refusals(accounts):
    call_command("demo_generate", licences=300, seed=7, stdout=io.StringIO())
    assert Licence.objects.count() == 300
    assert Application.objects.filter(status="granted").count() == 300
    assert Denial.objects.count() == 18  # 6 %
    assert ExportRecord.objects.exists()
    assert LicenceLine.objects.count() > 300
    assert not Licence.objects.exclude(number__startswith=PREFIX).exists()
    assert not Application.objects.exclude(reference__startswith=PREFIX).exists()
    assert not Denial.objects.exclude(reference__startswith=PREFIX).exists()
    assert Licence.objects.values("destination").distinct().count() > 20
    # one audit event for the whole run, not one per row
    events = AuditEvent.objects.filter(verb="demo.generated")
    assert events.count() == 1
    assert events.get().payload["licences"] == 300
    assert not AuditEvent.objects.filter(verb="licence.issued").exists()
    # the reports read them like any licence
    year = fig.collect(periods.from_code("2023"))
    total = sum(s.granted.total().number for s in year.sections.values())
    assert 0 < total < 300
    # the new ids continue after the generated ones
    assert Licence.objects.order_by("-pk").first().pk == Licence.objects.count()


def test_the_same_seed_gives_the_same_rows_and_a_new_run_replaces_the_old(accounts):
    generate(licences=120, seed=3)
    first = snapshot()
    generate(licences=120, seed=3)
    assert snapshot() == first
    assert Licence.objects.count() == 120
    generate(licences=120, seed=4)
    assert snapshot() != first


def test_refuses_on_a_database_with_real_applications(accounts, watchlist):
    from foro.core.models import Organisation
    from foro.licensing.tests.conftest import granted

    real = Organisation.objects.create(name="Real Arms NV", country_id="BE")
    applicant = accounts["applicant"]
    with at(date(2025, 3, 1)):
        app = granted(accounts)
    # demo applications (the demo organisations) are not real data
    assert not real_applications().exists()
    Application.objects.filter(pk=app.pk).update(organisation=real)
    assert real_applications().exists()
    with pytest.raises(CommandError, match="real data"):
        call_command("demo_generate", licences=10, stdout=io.StringIO())
    assert not Licence.objects.filter(number__startswith=PREFIX).exists()
    generate(licences=10, force=True)
    assert Licence.objects.filter(number__startswith=PREFIX).count() == 10
    assert applicant.organisation_id != real.pk
