import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve foro with gunicorn (static files by WhiteNoise). --dev: Django's autoreloading server."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=settings.SERVE_BIND, help="host:port (FORO_BIND)")
        parser.add_argument(
            "--workers", type=int, default=settings.SERVE_WORKERS, help="(FORO_WORKERS)"
        )
        parser.add_argument(
            "--dev", action="store_true", help="Django's development server with autoreload"
        )

    def handle(self, *args, bind, workers, dev, **options):
        from django.core.exceptions import ImproperlyConfigured

        from foro.core.checks import refuse_insecure_start

        try:
            refuse_insecure_start()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if dev:
            from django.core.management import call_command

            call_command("runserver", bind)
            return
        self.stdout.write(f"foro: serving on http://{bind}/ with {workers} workers (Ctrl+C stops)")
        argv = [
            "gunicorn",
            "foro.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
            "--config",
            "python:foro.gunicorn_conf",
        ]
        os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 - fixed argv
