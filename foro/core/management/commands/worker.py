import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from foro.core.periodic import enqueue_due

CHECK_EVERY_SECONDS = 600


class Command(BaseCommand):
    help = (
        "Run a background worker on the database task queue (run N of them to scale out). "
        "Each worker also starts the daily jobs (once a day across all workers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, queue, batch, **options):
        started = enqueue_due()
        if started:
            self.stdout.write(f"daily jobs queued: {', '.join(started)}")
        if not batch:
            stop = threading.Event()

            def daily():
                while not stop.wait(CHECK_EVERY_SECONDS):
                    enqueue_due()

            threading.Thread(target=daily, name="foro-daily-jobs", daemon=True).start()
        extra = ["--batch"] if batch else []
        call_command("db_worker", "--queue-name", queue, *extra)
