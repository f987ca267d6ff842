"""``foro backup OUT`` / ``foro restore ARCHIVE``: the database and the uploaded documents
in one checksummed archive.

The archive is a tar file:

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while foro runs) or
  ``database.pgdump`` (``pg_dump -Fc`` in the same snapshot as the row counts);
- ``media/…``: every file under FORO_MEDIA_ROOT;
- ``manifest.json``: the format, the database engine, the row count of every table, the
  audit chain head, and the SHA-256 and size of every other member;
- ``manifest.sig``: HMAC-SHA256 of the manifest with FORO_SECRET_KEY, so that an archive
  changed and re-hashed by someone without the secret is refused too.

A restore checks everything before it writes anything: the signature, then every member
against the manifest (none missing, none extra, none changed, none truncated), extracting
into a temporary folder. Only then does it load the database (which must be empty), copy
the documents, and compare the row count of every table with the manifest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "foro-backup/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHUNK = 1 << 20


class BackupError(Exception):
    """The archive cannot be made or is refused; nothing was written to the database."""


# ---------------------------------------------------------------- helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sign(manifest: bytes) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), manifest, hashlib.sha256).hexdigest()


def _pg_env() -> tuple[dict[str, str], list[str]]:
    s = connection.settings_dict
    env = dict(os.environ)  # noqa: TID251 - the child inherits PATH and locale; no setting read
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["--dbname", str(s["NAME"])]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608 - names from the catalogue  # nosec B608
    finally:
        db.close()


def table_counts() -> dict[str, int]:
    """Rows per table of the connected database."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - names from the database's own catalogue, quoted  # nosec B608
            counts[name] = cursor.fetchone()[0]
    return counts


def _audit_head() -> dict[str, Any]:
    from foro.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    return {"seq": head.last_seq, "hash": head.last_hash} if head else {"seq": 0, "hash": ""}


# ---------------------------------------------------------------- backup


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def backup(out: Path) -> BackupResult:
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="foro-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            name = "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(work / name)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            counts = _sqlite_counts(work / name)
            head = _audit_head()
        elif connection.vendor == "postgresql":
            name = "database.pgdump"
            env, args = _pg_env()
            # one snapshot for the dump and the counts: they describe the same moment
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                counts = table_counts()
                head = _audit_head()
                subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                    [
                        _tool("pg_dump"),
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        "--file",
                        str(work / name),
                        *args,
                    ],
                    env=env,
                    check=True,
                    capture_output=True,
                )
        else:  # pragma: no cover
            raise BackupError(f"cannot back up a {connection.vendor} database")

        members: dict[str, dict[str, Any]] = {
            name: {"sha256": _sha256(work / name), "size": (work / name).stat().st_size}
        }
        media = Path(settings.MEDIA_ROOT)
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in media_files:
            arc = str(PurePosixPath("media", *path.relative_to(media).parts))
            members[arc] = {"sha256": _sha256(path), "size": path.stat().st_size}
        manifest = json.dumps(
            {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "database": name,
                "tables": counts,
                "audit_head": head,
                "members": members,
            },
            indent=1,
            sort_keys=True,
        ).encode()
        (work / MANIFEST).write_bytes(manifest)
        (work / SIGNATURE).write_text(_sign(manifest))

        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / SIGNATURE, arcname=SIGNATURE)
            tar.add(work / name, arcname=name)
            for path in media_files:
                tar.add(path, arcname=str(PurePosixPath("media", *path.relative_to(media).parts)))
        os.replace(partial, out)
    return BackupResult(
        path=out,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(media_files),
        size=out.stat().st_size,
    )


# ---------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int
    differences: dict[str, tuple[int, int]]


def verify_archive(archive: Path, into: Path) -> dict[str, Any]:
    """Check the archive whole and extract it into ``into``; raise BackupError on any
    doubt. Nothing outside ``into`` is written."""
    try:
        with tarfile.open(archive, "r:") as tar:
            names = tar.getnames()
            if MANIFEST not in names or SIGNATURE not in names:
                raise BackupError("not a foro backup: no manifest")
            if len(names) != len(set(names)):
                raise BackupError("the archive holds a member twice")
            manifest_bytes = _read_member(tar, MANIFEST)
            signature = _read_member(tar, SIGNATURE).decode().strip()
            if not hmac.compare_digest(signature, _sign(manifest_bytes)):
                raise BackupError(
                    "the manifest's signature does not match: the archive was changed, or "
                    "it was made with another FORO_SECRET_KEY"
                )
            manifest = json.loads(manifest_bytes)
            if manifest.get("format") != FORMAT:
                raise BackupError(f"unknown archive format {manifest.get('format')!r}")
            expected = manifest["members"]
            present = set(names) - {MANIFEST, SIGNATURE}
            if present != set(expected):
                missing, extra = set(expected) - present, present - set(expected)
                raise BackupError(
                    f"members differ from the manifest: missing {sorted(missing)[:5]}, "
                    f"extra {sorted(extra)[:5]}"
                )
            for member in tar.getmembers():
                if member.name in (MANIFEST, SIGNATURE):
                    continue
                if not member.isfile():
                    raise BackupError(f"{member.name}: not a regular file")
                parts = PurePosixPath(member.name).parts
                if member.name.startswith("/") or ".." in parts:
                    raise BackupError(f"{member.name}: a path outside the archive")
                target = into.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isfile() above
                    raise BackupError(f"{member.name}: unreadable")
                with target.open("wb") as f:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        f.write(chunk)
                want = expected[member.name]
                if size != want["size"] or digest.hexdigest() != want["sha256"]:
                    raise BackupError(f"{member.name}: its content does not match the manifest")
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as exc:
        raise BackupError(f"the archive is damaged or truncated ({exc})") from exc
    return manifest


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    f = tar.extractfile(name)
    if f is None:
        raise BackupError(f"{name}: not a file")
    return f.read(10 * CHUNK)


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(archive: Path) -> RestoreResult:
    archive = Path(archive)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="foro-restore-") as tmp:
        work = Path(tmp)
        manifest = verify_archive(archive, work)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['vendor']} database; DATABASE_URL names a "
                f"{connection.vendor} one"
            )
        if not _database_is_empty():
            raise BackupError(
                "the database is not empty: restore into a new, empty database "
                "(DATABASE_URL), never over a live one"
            )
        clashes = [
            name
            for name in manifest["members"]
            if name.startswith("media/") and media.joinpath(*PurePosixPath(name).parts[1:]).exists()
        ]
        if clashes:
            raise BackupError(
                f"FORO_MEDIA_ROOT already holds {clashes[0]} (and {len(clashes) - 1} more)"
            )

        source = work / manifest["database"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            connection.close()
            src = sqlite3.connect(source)
            dst = sqlite3.connect(str(connection.settings_dict["NAME"]))
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        else:
            env, args = _pg_env()
            connection.close()
            done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    _tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    str(source),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
        files = 0
        for name in manifest["members"]:
            if name.startswith("media/"):
                target = media.joinpath(*PurePosixPath(name).parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work.joinpath(*PurePosixPath(name).parts), target)
                files += 1
    counts = table_counts()
    expected = manifest["tables"]
    differences = {
        t: (expected.get(t, -1), counts.get(t, -1))
        for t in set(expected) | set(counts)
        if expected.get(t, -1) != counts.get(t, -1)
    }
    return RestoreResult(
        tables=len(counts), rows=sum(counts.values()), files=files, differences=differences
    )
