"""Database constraints behind the services' promises."""

import pytest
from django.db import IntegrityError, transaction

from foro.screening.models import ListEntry, ListVersion, SanctionsList, ScreeningHit
from foro.screening.tests.helpers import (
    KASTEEL,
    ORLOV,
    import_rows,
    register,
)


@pytest.fixture
def version(tmp_path, db):
    return import_rows(tmp_path, [ORLOV, KASTEEL])


def new_version(version, **fields):
    values = {
        "sanctions_list": version.sanctions_list,
        "number": version.number + 1,
        "format": "foro-csv",
        "sha256": "f" * 64,
        "imported_by": "test",
        "is_current": False,
    }
    values.update(fields)
    return ListVersion.objects.create(**values)


def test_only_one_version_of_a_list_is_current(version):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_version(version, is_current=True)


def test_a_list_cannot_hold_the_same_files_twice(version):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_version(version, sha256=version.sha256)


def test_version_numbers_are_unique_per_list(version):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_version(version, number=version.number)
    other = SanctionsList.objects.create(
        code="x", name_nl="x", name_en="x", publisher="x", format="foro-csv"
    )
    assert new_version(version, sanctions_list=other, number=1, sha256=version.sha256).pk


def test_an_entry_id_appears_once_per_version(version):
    entry = ListEntry.objects.filter(version=version).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ListEntry.objects.create(
            version=version,
            entry_id=entry.entry_id,
            kind="person",
            primary_name="x",
            data={},
            fingerprint="0",
        )


def test_one_hit_per_subject_list_and_entry(version):
    subject = register("Dmitry Orlovsky", kind="person")  # registering does not screen
    values = {
        "subject": subject,
        "sanctions_list": version.sanctions_list,
        "entry_id": "W-1",
        "version": version,
        "entry_fingerprint": "0",
        "score": 0.9,
        "matched_name": "x",
        "explanation": "x",
    }
    ScreeningHit.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningHit.objects.create(**values)


def test_bilingual_list_names(version):
    from django.utils import translation

    sanctions_list = version.sanctions_list
    with translation.override("en"):
        assert sanctions_list.name == "Watch list of the department"
    with translation.override("nl"):
        assert sanctions_list.name == "Aandachtslijst van het departement"
