from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from foro.conf import render_markdown


class Command(BaseCommand):
    help = "Write docs/configuration.md from the settings (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        target = Path(settings.PROJECT_DIR) / "docs" / "configuration.md"
        text = render_markdown()
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                raise CommandError("docs/configuration.md is out of date: run `foro config docs`")
            self.stdout.write("docs/configuration.md is current")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {target}")
