"""The copies of a licence's reported fields on its lines and exports (``issued_on``,
``kind``, ``destination``, ``control_category``), which the reports group by without
joining the licences: they must always equal what the joins would give."""

from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from foro.core.dates import BRUSSELS as BXL
from foro.licensing import services
from foro.licensing.models import ExportRecord, Licence, LicenceLine
from foro.licensing.tests.conftest import granted
from foro.reporting import figures as fig
from foro.reporting import periods
from foro.reporting.generate import generate

pytestmark = pytest.mark.django_db


def differences() -> list:
    """Every line and export whose copies differ from its licence's (line's) fields,
    compared in Python (not with the SQL the migration and the reports use)."""
    wrong = []
    for line in LicenceLine.objects.select_related("licence"):
        lic = line.licence
        want = (timezone.localtime(lic.issued_at, BXL).date(), lic.kind, lic.destination_id)
        got = (line.issued_on, line.kind, line.destination_id)
        if got != want:
            wrong.append((line.pk, got, want))
    for export in ExportRecord.objects.select_related("licence_line__licence"):
        line = export.licence_line
        want = (line.licence.kind, line.licence.destination_id, line.control_category)
        got = (export.kind, export.destination_id, export.control_category)
        if got != want:
            wrong.append(("export", export.pk, got, want))
    return wrong


def test_the_copies_equal_the_licence_after_the_services(known, accounts):
    """Issue (the known data set, and a licence issued just after midnight in Brussels,
    still the day before in UTC), exports, suspension, reinstatement, revocation,
    exhaustion and expiry: the lines and exports keep their licence's fields."""
    with time_machine.travel(datetime(2025, 7, 1, 0, 30, tzinfo=BXL), tick=False):
        midnight = granted(accounts, "export-dual-use").licence
    line = midnight.lines.get()
    assert midnight.issued_at.astimezone(UTC).date() == date(2025, 6, 30)
    assert line.issued_on == date(2025, 7, 1)
    assert (line.kind, line.destination_id) == ("export-dual-use", "JP")
    # counted in the second half-year, like its licence (the row totals and the cells agree)
    h2 = fig.collect(periods.from_code("2025-H2")).sections[fig.THIRD].granted
    assert h2.cell("JP", "1").number == 1 and h2.row_total("JP").number == 1
    h1 = fig.collect(periods.from_code("2025-H1")).sections[fig.THIRD].granted
    assert h1.cell("JP", "1").number == 1  # L4 only

    senior = accounts["senior"]
    l2 = known.l2
    services.licence_change_status(actor=senior, licence=l2, action="suspend", reason="Check.")
    services.licence_change_status(actor=senior, licence=l2, action="reinstate", reason="Done.")
    services.licence_change_status(actor=senior, licence=known.l3, action="revoke", reason="No.")
    today = timezone.localdate()
    with time_machine.travel(datetime.combine(today, time(10), BXL), tick=False):
        fresh = granted(accounts, "export-dual-use").licence
        services.export_record(
            actor=accounts["applicant"],
            licence=fresh,
            line_id=fresh.lines.get().pk,
            shipped_on=today,
            quantity="250.5",  # all of it: the licence is exhausted
            value_eur="8200",
            customs_declaration="26BE000000000009A1",
        )
    fresh.refresh_from_db()
    assert fresh.status == Licence.Status.EXHAUSTED
    assert services.licences_expire(today=known.l5.valid_until + timedelta(days=1)) >= 1
    assert ExportRecord.objects.count() == 4
    assert differences() == []


def test_the_generator_writes_the_copies(accounts):
    generate(licences=60, seed=5)
    assert LicenceLine.objects.count() > 60 and ExportRecord.objects.exists()
    assert differences() == []


def test_the_migration_fills_the_copies_from_the_licences(known):
    """0004's set-based UPDATE (run here on wrong values) gives what the services write."""
    fill = import_module("foro.licensing.migrations.0004_report_keys_fill").fill
    before = fig.figures_json(fig.collect(periods.from_code("2025")))
    LicenceLine.objects.update(issued_on=date(1999, 1, 1), kind="x", destination_id="BE")
    ExportRecord.objects.update(kind="x", destination_id="BE", control_category="ML22")
    assert differences() != []
    fill(apps, None)
    assert differences() == []
    assert fig.figures_json(fig.collect(periods.from_code("2025"))) == before
