from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from foro.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a `foro backup` archive into the empty database that DATABASE_URL names "
        "and into FORO_MEDIA_ROOT. The archive is checked whole first: a changed, "
        "truncated or foreign archive is refused before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            result = restore(Path(archive))
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from exc
        if result.differences:
            raise CommandError(f"restored, but row counts differ: {result.differences}")
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {result.tables} tables ({result.rows} rows, counts equal to the "
                f"archive's) and {result.files} documents; now run `foro audit verify`"
            )
        )
