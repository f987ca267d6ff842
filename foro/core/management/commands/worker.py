from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background worker on the database task queue (run N of them to scale out)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, queue, batch, **options):
        extra = ["--batch"] if batch else []
        call_command("db_worker", "--queue-name", queue, *extra)
