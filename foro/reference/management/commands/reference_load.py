from django.core.management.base import BaseCommand, CommandError

from foro.reference.datasets import DATASETS
from foro.reference.services import reference_load_all


class Command(BaseCommand):
    help = "Load countries, strategic objectives and the reference lists shipped with foro (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", action="append", choices=sorted(DATASETS), help="load only this dataset"
        )

    def handle(self, *args, only=None, **options):
        results, errors = reference_load_all(actor="system", only=only)
        for r in results:
            state = (
                f"loaded as version {r.version}"
                if r.changed
                else f"unchanged (version {r.version})"
            )
            self.stdout.write(f"{r.dataset:16} {r.rows:4} rows  {state}")
        for e in errors:
            self.stderr.write(self.style.ERROR(f"refused {e}; the previous version stays in force"))
        if errors:
            raise CommandError(f"{len(errors)} reference file(s) refused")
