"""The demo loader: shipped lists imported, demo organisations screened, one open hit for the
review queue; a second run creates nothing."""

import pytest

from foro.core import demo as core_demo
from foro.core.models import AuditEvent
from foro.screening import demo
from foro.screening.models import ListEntry, ListVersion, ScreeningHit, ScreeningSubject


def test_the_loader_is_registered():
    assert "foro.screening.demo.load" in core_demo.DEMO_LOADERS


@pytest.mark.django_db
def test_demo_load_imports_the_lists_and_fills_the_queue(accounts):
    demo.load()
    current = dict(
        ListVersion.objects.filter(is_current=True).values_list(
            "sanctions_list__code", "entry_count"
        )
    )
    assert current == {
        "ofac-sdn": 8976,
        "ofac-nonsdn": 443,
        "un": 1003,
        "foro-denials": 6,
        "foro-watch": 4,
    }
    subjects = set(ScreeningSubject.objects.values_list("name", flat=True))
    assert {"Flandrix Defence Systems NV", "Scheldt Optronics BV"} <= subjects
    hit = ScreeningHit.objects.get(status="open", subject__name="Scheldt Optronics BV")
    assert (hit.sanctions_list.code, hit.entry_id) == ("foro-watch", "FW-2024-005")
    assert not ScreeningHit.objects.filter(subject__name="Flandrix Defence Systems NV").exists()

    counts = (
        ListVersion.objects.count(),
        ListEntry.objects.count(),
        ScreeningHit.objects.count(),
        AuditEvent.objects.count(),
    )
    demo.load()
    assert counts == (
        ListVersion.objects.count(),
        ListEntry.objects.count(),
        ScreeningHit.objects.count(),
        AuditEvent.objects.count(),
    )
