"""Issue 16: the same bytes under another file name are the version already imported (no new
version, no re-screening), and a refused import leaves an audit event that outlives the
failed import's rollback."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from foro.core import audit
from foro.core.models import AuditEvent
from foro.screening import services
from foro.screening.importers import ImportFormatError, content_sha256
from foro.screening.models import ListEntry, ListVersion
from foro.screening.services import list_import
from foro.screening.tests.helpers import KASTEEL, ORLOV, SHIPPED, write_list

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages (Dutch is the default language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_content_digest_ignores_names_and_order():
    a = [("sdn.csv", "aa", 1), ("alt.csv", "bb", 2)]
    b = [("ALT (1).csv", "bb", 2), ("x.csv", "aa", 1)]
    assert content_sha256(a) == content_sha256(b)
    assert content_sha256(a) != content_sha256([("sdn.csv", "aa", 1), ("alt.csv", "bb", 3)])


def test_the_un_file_under_another_name_is_the_version_already_imported(
    database_backend, db, tmp_path
):
    """The demo's situation: the shipped UN file imported, then the same bytes saved under
    another name (as a browser saves a second download) imported again."""
    _fmt, [source] = SHIPPED["un"]
    first = list_import(actor="system", list_code="un", fmt="un-xml", paths=[source])
    assert first.created and first.content_sha256
    before = (ListVersion.objects.count(), ListEntry.objects.count(), AuditEvent.objects.count())
    assert DBTaskResult.objects.count() == 1
    renamed = tmp_path / "consolidated (1).xml"
    shutil.copy(source, renamed)
    again = list_import(actor="system", list_code="un", fmt="un-xml", paths=[renamed])
    assert not again.created and again.pk == first.pk and again.is_current
    after = (ListVersion.objects.count(), ListEntry.objects.count(), AuditEvent.objects.count())
    assert after == before
    assert DBTaskResult.objects.count() == 1  # no second re-screening queued


def test_a_byte_identical_file_is_recognised_before_it_is_parsed(db, tmp_path, monkeypatch):
    path = write_list(tmp_path, "watch.csv", [ORLOV, KASTEEL])
    first = list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    other = tmp_path / "watch-2026-12-07.csv"
    shutil.copy(path, other)

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed a file whose bytes are already a version")

    monkeypatch.setattr(services, "load", no_parse)
    again = list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[other])
    assert again.pk == first.pk and not again.created


def test_an_ofac_csv_folder_renamed_files_are_the_same_version(db, tmp_path):
    fmt, [folder] = SHIPPED["ofac-sdn"]
    first = list_import(actor="system", list_code="ofac-sdn", fmt=fmt, paths=[folder])
    copy = tmp_path / "ofac"
    copy.mkdir()
    for f in folder.iterdir():
        if f.suffix == ".csv":
            shutil.copy(f, copy / f.name.upper())  # SDN.CSV: recognised case-insensitively
    again = list_import(actor="system", list_code="ofac-sdn", fmt=fmt, paths=[copy])
    assert not again.created and again.pk == first.pk
    assert ListVersion.objects.count() == 1


def test_a_changed_byte_is_a_new_version(db, tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV])
    list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    path.write_bytes(path.read_bytes() + b"\n")  # one more byte, the same entries
    again = list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    assert again.created and again.number == 2 and again.diff.changed_count == 0


def test_the_command_says_the_files_are_an_imported_version(db, tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV])
    run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(path))
    renamed = tmp_path / "copy.csv"
    shutil.copy(path, renamed)
    out = run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(renamed))
    assert "foro-watch: unchanged — copy.csv is byte-identical to version 1" in out
    assert "from watch.csv" in out and "it is the current version" in out
    assert "No new version, no re-screening." in out


def test_an_older_version_again_says_it_is_not_current(db, tmp_path):
    v1 = write_list(tmp_path, "v1.csv", [ORLOV])
    v2 = write_list(tmp_path, "v2.csv", [ORLOV, KASTEEL])
    for path in (v1, v2):
        run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(path))
    out = run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(v1))
    assert "byte-identical to version 1" in out and "NOT the current version" in out
    assert ListVersion.objects.get(is_current=True).number == 2


# ---------------------------------------------------------------- refusals


def refusals():
    return list(AuditEvent.objects.filter(verb="screening.list_refused").order_by("seq"))


def test_a_refused_import_is_audited_with_who_which_list_file_and_reason(
    db, tmp_path, django_user_model
):
    bad = tmp_path / "watch-broken.csv"
    bad.write_text("id,name,type\nW-1,Someone,person\nW-2,Other,spaceship\n", encoding="utf-8")
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    [event] = refusals()
    assert event.actor_label == "system"
    assert event.target_type == "screening.sanctionslist" and event.target_label == "foro-watch"
    assert event.payload["list"] == "foro-watch" and event.payload["format"] == "foro-csv"
    assert event.payload["files"] == ["watch-broken.csv"]
    assert event.payload["file"] == "watch-broken.csv" and "line 3" in event.payload["position"]
    assert "spaceship" in event.payload["reason"]
    assert "refused" in audit.sentence(event)
    assert not ListVersion.objects.exists()
    assert audit.verify()[1] is None


def test_a_truncated_un_file_leaves_a_refusal_and_no_version(db, tmp_path):
    _fmt, [source] = SHIPPED["un"]
    cut = tmp_path / "un.xml"
    cut.write_bytes(source.read_bytes()[:50_000])
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="un", fmt="un-xml", paths=[cut])
    [event] = refusals()
    assert event.payload["file"] == "un.xml" and "truncated" in event.payload["reason"]
    assert not ListVersion.objects.exists() and not ListEntry.objects.exists()


def test_a_refusal_inside_the_import_transaction_outlives_its_rollback(db, tmp_path, monkeypatch):
    """A refusal raised after rows were written: the rows roll back, the refusal stays."""
    path = write_list(tmp_path, "watch.csv", [ORLOV])

    def refuse(old, new):
        assert ListEntry.objects.exists()  # written in the import's transaction
        raise ImportFormatError("watch.csv", "entry W-1", "refused late")

    monkeypatch.setattr(services, "diff_fingerprints", refuse)
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    assert not ListVersion.objects.exists() and not ListEntry.objects.exists()
    assert not AuditEvent.objects.filter(verb="screening.list_imported").exists()
    [event] = refusals()
    assert event.payload["reason"] == "refused late"


def test_a_refusal_is_committed_on_its_own(transactional_db, tmp_path):
    """Without a test transaction around it: the refusal is committed, nothing else."""
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type\nW-1,X,robot\n", encoding="utf-8")
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    assert not connection.in_atomic_block
    assert len(refusals()) == 1 and not ListVersion.objects.exists()


def test_the_command_says_the_refusal_is_audited(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type\nW-1,X,robot\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(bad))
    assert "refused bad.csv: line 2" in str(info.value)
    assert "audit trail" in str(info.value)
    assert len(refusals()) == 1


def test_an_unauthorised_caller_leaves_no_refusal(db, tmp_path, django_user_model):
    from foro.core.errors import PermissionDenied

    user = django_user_model.objects.create_user("nobody", password="x")
    bad = tmp_path / "bad.csv"
    bad.write_text("broken", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        list_import(actor=user, list_code="foro-watch", fmt="foro-csv", paths=[bad])
    assert refusals() == []


# ---------------------------------------------------------------- the migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_digest_of_versions_already_imported():
    executor = MigrationExecutor(connection)
    executor.migrate([("screening", "0001_initial")])
    old = executor.loader.project_state([("screening", "0001_initial")]).apps
    SanctionsList = old.get_model("screening", "SanctionsList")
    Version = old.get_model("screening", "ListVersion")
    un = SanctionsList.objects.create(
        code="un", name_nl="VN", name_en="UN", publisher="UN", format="un-xml"
    )
    files = [{"name": "un.xml", "sha256": "ab" * 32, "size": 10}]
    renamed = [{"name": "un (1).xml", "sha256": "ab" * 32, "size": 10}]
    # two versions of the same bytes, as the demo database held before the fix
    Version.objects.create(sanctions_list=un, number=1, sha256="1" * 64, files=files)
    Version.objects.create(
        sanctions_list=un, number=2, sha256="2" * 64, files=renamed, is_current=True
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    digests = set(ListVersion.objects.values_list("content_sha256", flat=True))
    assert digests == {content_sha256([("un.xml", "ab" * 32, 10)])}


def test_an_older_database_with_two_versions_of_the_same_bytes(db, tmp_path):
    """Before the fix the demo held two UN versions of the same bytes (v1 replaced by v2);
    those bytes imported again are the current one of the two, and nothing is made."""
    from foro.screening.importers import files_digest
    from foro.screening.models import SanctionsList

    path = write_list(tmp_path, "watch.csv", [ORLOV])
    digest = files_digest([path])
    watch = SanctionsList.objects.create(
        code="foro-watch", name_nl="x", name_en="x", publisher="x", format="foro-csv"
    )
    common = {"sanctions_list": watch, "format": "foro-csv", "content_sha256": digest}
    ListVersion.objects.create(number=1, sha256="1" * 64, is_current=False, **common)
    v2 = ListVersion.objects.create(number=2, sha256="2" * 64, is_current=True, **common)
    again = list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    assert again.pk == v2.pk and not again.created
    assert ListVersion.objects.count() == 2
