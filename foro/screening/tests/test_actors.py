"""Screening services take a user or a system actor, never an arbitrary string."""

import pytest

from foro.core.errors import PermissionDenied
from foro.screening.services import organisation_register


@pytest.mark.django_db
def test_screening_service_refuses_an_arbitrary_string_as_actor(accounts):
    org = accounts["applicant"].organisation
    with pytest.raises(PermissionDenied):
        organisation_register(actor="anyone", organisation=org)
    assert organisation_register(actor="system", organisation=org).pk
