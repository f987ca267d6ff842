"""Loading reference data is for the system actor or an administrator."""

import pytest

from foro.core.errors import PermissionDenied
from foro.reference.datasets import DATASETS
from foro.reference.services import dataset_load


@pytest.mark.django_db
def test_reference_load_is_for_the_system_or_an_administrator(accounts):
    with pytest.raises(PermissionDenied):
        dataset_load(actor=accounts["officer"], dataset=DATASETS["military-list"])
    with pytest.raises(PermissionDenied):
        dataset_load(actor="cron", dataset=DATASETS["military-list"])
    assert dataset_load(actor=accounts["admin"], dataset=DATASETS["military-list"]).rows > 0
