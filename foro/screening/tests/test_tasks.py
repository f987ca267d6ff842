"""The re-screening task: queued with the import, runs the service, skips stale versions."""

import pytest
from django_tasks_db.models import DBTaskResult

from foro.screening.importers import ImportFormatError
from foro.screening.models import ScreeningHit
from foro.screening.services import list_import
from foro.screening.tasks import rescreen_after_list_change
from foro.screening.tests.helpers import (
    BORISOV,
    IMMEDIATE,
    ORLOV,
    import_rows,
    register,
    write_list,
)

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE


@pytest.fixture
def immediate_backend(settings):
    settings.TASKS = IMMEDIATE


def test_an_import_queues_the_rescreen_in_its_transaction(database_backend, db, tmp_path):
    register("Dmitry Orlovsky", kind="person")
    version = import_rows(tmp_path, [ORLOV])
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "foro.screening.tasks.rescreen_after_list_change"
    assert queued.args_kwargs["args"] == [version.pk]
    assert not ScreeningHit.objects.exists()  # a worker runs it later
    # what the worker does
    result = rescreen_after_list_change.call(version.pk)
    assert result["new"] == 1 and result["versions"] == {"foro-watch": 1}
    assert ScreeningHit.objects.get().entry_id == "W-1"


def test_a_refused_import_queues_nothing(database_backend, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type\nW-1,X,robot\n", encoding="utf-8")
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    assert not DBTaskResult.objects.exists()


def test_the_same_file_twice_queues_nothing_more(database_backend, db, tmp_path):
    path = write_list(tmp_path, "w.csv", [ORLOV])
    list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    assert DBTaskResult.objects.count() == 1


def test_with_the_immediate_backend_new_hits_are_in_the_queue_after_the_import(
    immediate_backend, accounts, tmp_path
):
    subject = register("Jelena Borisova", kind="person")
    import_rows(tmp_path, [ORLOV, BORISOV])
    subject.refresh_from_db()
    assert subject.last_screened_versions == {"foro-watch": 1}
    assert [h.entry_id for h in ScreeningHit.objects.filter(subject=subject)] == ["W-4"]


def test_a_task_for_a_replaced_version_does_nothing(database_backend, db, tmp_path):
    register("Dmitry Orlovsky", kind="person")
    v1 = import_rows(tmp_path, [ORLOV])
    import_rows(tmp_path, [ORLOV, BORISOV])
    assert rescreen_after_list_change.call(v1.pk)["skipped"] == "version no longer current"
    assert rescreen_after_list_change.call(999999)["skipped"] == "version not found"
    assert not ScreeningHit.objects.exists()


def test_a_second_task_for_the_same_versions_screens_nothing_again(database_backend, db, tmp_path):
    register("Dmitry Orlovsky", kind="person")
    version = import_rows(tmp_path, [ORLOV])
    first = rescreen_after_list_change.call(version.pk)
    second = rescreen_after_list_change.call(version.pk)
    assert first["subjects"] >= 1 and second["subjects"] == 0
    assert ScreeningHit.objects.count() == 1
