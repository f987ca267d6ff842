"""The demo directives: through the services, every state present, idempotent."""

from __future__ import annotations

import pytest

from foro.eulaw import demo
from foro.eulaw.models import Directive, InfringementCase, TranspositionStatus

pytestmark = pytest.mark.django_db


def test_demo_directives_cover_every_state(accounts):
    demo.load()
    assert {d.status for d in Directive.objects.all()} == set(TranspositionStatus.values)
    assert InfringementCase.objects.count() == 5
    demo.load()
    assert Directive.objects.count() == len(demo.DIRECTIVES)
