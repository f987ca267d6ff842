"""``foro backup`` / ``foro restore``: a restore into an empty database gives the same row
count in every table, the documents, and a verifying audit chain; a changed, truncated or
foreign archive is refused before anything is written. On the SQLite file database and,
with DATABASE_URL, on PostgreSQL (pg_dump/pg_restore)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from foro.core.backup import table_counts
from foro.core.services import document_upload
from foro.licensing.tests.conftest import PDF, submitted

ROOT = Path(__file__).resolve().parents[2]
SECRET = "backup-test-secret-0123456789-abcdefghijklmnopq"


def _url(name: str) -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    user = s["USER"] or "root"
    auth = f"{user}:{s['PASSWORD']}" if s["PASSWORD"] else user
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _foro(*args: str, database: str, media: Path, secret: str = SECRET):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    env.update(DATABASE_URL=database, FORO_MEDIA_ROOT=str(media), FORO_SECRET_KEY=secret)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


COUNTS = (
    "import json, django; django.setup();"
    "from foro.core.backup import table_counts; print(json.dumps(table_counts()))"
)


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same engine as the test database."""
    if connection.vendor == "sqlite":
        yield _url(str(tmp_path / "restored.sqlite3"))
        return
    name = f"h_prod_restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield _url(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _tables_in(database: str, media: Path) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    env.update(DATABASE_URL=database, FORO_MEDIA_ROOT=str(media), FORO_SECRET_KEY=SECRET)
    out = subprocess.run(
        [sys.executable, "-c", COUNTS],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "foro.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def archive(transactional_db, accounts, watchlist, tmp_path, settings):
    """A backup of a database with applications, audit events and two documents."""
    settings.SECRET_KEY = SECRET  # the installation's secret signs the manifest
    submitted(accounts)
    document_upload(actor=accounts["officer"], name="note.pdf", content=PDF, title="A note")
    document_upload(actor=accounts["admin"], name="other.pdf", content=PDF + b"\n%2")
    out = tmp_path / "foro.tar"
    call_command("backup", str(out))
    return out, table_counts()


def test_a_restore_into_an_empty_database_is_equal_and_verifies(
    archive, empty_database, tmp_path, settings
):
    out, before = archive
    media = tmp_path / "restored-media"
    done = _foro("restore", str(out), database=empty_database, media=media)
    assert done.returncode == 0, done.stderr
    assert "counts equal" in done.stdout
    after = _tables_in(empty_database, media)
    assert after == before
    assert before["core_auditevent"] > 0 and before["licensing_application"] > 0
    restored = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    original = sorted(
        p.relative_to(settings.MEDIA_ROOT)
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    assert restored == original and len(restored) >= 2
    verify = _foro("audit", "verify", database=empty_database, media=media)
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stderr
    # a second restore over the now full database is refused
    again = _foro("restore", str(out), database=empty_database, media=tmp_path / "m3")
    assert again.returncode != 0 and "not empty" in again.stderr


def _flip_a_byte(path: Path, member: str) -> None:
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data
        size = tar.getmember(member).size
    with path.open("r+b") as f:
        f.seek(offset + size // 2)
        byte = f.read(1)
        f.seek(offset + size // 2)
        f.write(bytes([byte[0] ^ 0xFF]))


def _nothing_written(database: str, media: Path) -> None:
    if database.startswith("sqlite:///"):
        path = Path(database.removeprefix("sqlite:///"))
        assert not path.exists() or _tables_in(database, media) == {}
    else:
        assert _tables_in(database, media) == {}
    assert not media.exists() or not any(media.rglob("*"))


@pytest.mark.parametrize("damage", ["database", "document", "truncated", "secret", "manifest"])
def test_a_damaged_or_foreign_archive_is_refused_before_anything_is_written(
    archive, empty_database, tmp_path, damage
):
    out, _before = archive
    with tarfile.open(out) as tar:
        names = tar.getnames()
    database_member = next(n for n in names if n.startswith("database."))
    secret = SECRET
    if damage == "database":
        _flip_a_byte(out, database_member)
    elif damage == "document":
        _flip_a_byte(out, next(n for n in names if n.startswith("media/")))
    elif damage == "truncated":
        data = out.read_bytes()
        out.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "secret":
        secret = "another-installation-secret-9876543210-zyxwvutsrq"
    elif damage == "manifest":
        _flip_a_byte(out, "manifest.json")
    media = tmp_path / "restored-media"
    done = _foro("restore", str(out), database=empty_database, media=media, secret=secret)
    assert done.returncode != 0
    assert "restore refused" in done.stderr
    _nothing_written(empty_database, media)
