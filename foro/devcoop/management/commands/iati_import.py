"""``foro iati import PATH…``: read IATI 2.03 activity or organisation files published by
others. Each file is taken whole or refused whole; the report says what was read and what
foro does not model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foro.core.actors import SystemActor
from foro.core.errors import InvalidFile
from foro.devcoop.imports import iati_import


class Command(BaseCommand):
    help = "Import IATI activity or organisation files (each whole or not at all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="IATI XML files")

    def handle(self, *args: Any, **options: Any) -> None:
        refused = 0
        for name in options["paths"]:
            path = Path(name)
            try:
                report = iati_import(
                    actor=SystemActor.SYSTEM, name=path.name, data=path.read_bytes()
                )
            except InvalidFile as exc:
                refused += 1
                self.stderr.write(f"REFUSED {exc.detail}")
                for problem in exc.errors:
                    self.stderr.write(f"  {problem['message']}")
                continue
            except OSError as exc:
                refused += 1
                self.stderr.write(f"REFUSED {name}: {exc.strerror}")
                continue
            for line in report.lines():
                self.stdout.write(line)
        if refused:
            raise CommandError(f"{refused} file(s) refused; nothing of them was imported")
