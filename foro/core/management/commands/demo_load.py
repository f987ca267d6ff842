from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from foro.core.demo import DEMO_PASSWORD, DemoRefused, load


class Command(BaseCommand):
    help = "Load the demo organisations, one account per role and demo cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="load even outside demo/debug mode"
        )

    def handle(self, *args, force=False, **options):
        try:
            accounts = load(
                allowed=force or settings.DEMO_MODE or settings.DEBUG, stdout=self.stdout
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {DEMO_PASSWORD}):"))
        for acc in accounts:
            self.stdout.write(f"  {acc.username:12} {acc.role.label}")
