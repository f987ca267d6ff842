"""The demo's open data: management publishes the most recent closed half-year that has
licences (through the publishing service, so the snapshot, its fingerprint and the audit
event are the real ones). Runs after the licensing demo (see ``ReportingConfig.ready``)."""

from __future__ import annotations

from typing import Any

from foro.core.models import User
from foro.licensing.models import LicenceLine
from foro.reporting import periods, services
from foro.reporting.models import Publication


def _period_to_publish() -> periods.Period:
    closed = [p for p in periods.choices(years=3) if p.is_closed() and p.code[-3:-1] == "-H"]
    for p in closed:
        if LicenceLine.objects.filter(issued_on__range=(p.start, p.end)).exists():
            return p
    return periods.last_closed_half_year()


def load(stdout: Any = None) -> None:
    if Publication.objects.exists():
        if stdout:
            stdout.write("reporting: open data already published")
        return
    manager = User.objects.filter(username="management").first()
    if manager is None:
        return
    period = _period_to_publish()
    pub = services.publication_publish(actor=manager, period=period)
    if stdout:
        stdout.write(f"reporting: open data published for {period.code} (version {pub.version})")
