from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from foro.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (DATABASE_URL) and the uploaded documents into one "
        "checksummed, signed archive (see foro/core/backup.py and docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="the archive to write (a .tar file)")

    def handle(self, *args, out, **options):
        try:
            result = backup(Path(out))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {result.path}: {result.tables} tables, {result.rows} rows, "
                f"{result.files} documents, {result.size} bytes"
            )
        )
