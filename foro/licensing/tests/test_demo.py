"""The demo data covers every kind in every state, through the real services."""

from foro.core.audit import verify
from foro.licensing import demo
from foro.licensing.kinds import kinds
from foro.licensing.models import Application, ExportRecord, Licence, Status


def test_demo_covers_every_kind_in_every_state_and_loads_once(accounts, watchlist):
    demo.load()
    seen = set(Application.objects.values_list("kind", "status"))
    for kind in kinds():
        for status in Status.values:
            assert (kind.code, status) in seen, (kind.code, status)
    assert {"valid", "expired", "suspended", "revoked"} <= set(
        Licence.objects.values_list("status", flat=True)
    )
    assert ExportRecord.objects.exists()
    years = {a.submitted_at.year for a in Application.objects.exclude(submitted_at=None)}
    assert len(years) >= 3
    assert Application.objects.values("destination").distinct().count() >= 15
    before = Application.objects.count()
    demo.load()
    assert Application.objects.count() == before
    assert verify()[1] is None
