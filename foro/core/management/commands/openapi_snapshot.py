import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from foro.api import api

SNAPSHOT = Path(settings.PROJECT_DIR) / "docs" / "openapi.json"


def current_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write docs/openapi.json (--check: fail if the API changed without updating it)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        text = current_schema()
        if check:
            if not SNAPSHOT.exists() or SNAPSHOT.read_text(encoding="utf-8") != text:
                raise CommandError("the API changed: review it and run `foro openapi_snapshot`")
            return
        SNAPSHOT.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {SNAPSHOT}")
