"""The demo register: through the services, every state present, idempotent."""

from __future__ import annotations

import pytest

from foro.treaties import demo
from foro.treaties.models import Status, Treaty

pytestmark = pytest.mark.django_db


def test_demo_treaties_cover_every_state_and_load_once(accounts):
    demo.load()
    assert {t.status for t in Treaty.objects.all()} == set(Status.values)
    count = Treaty.objects.count()
    demo.load()
    assert Treaty.objects.count() == count >= 25
