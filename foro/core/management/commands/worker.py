import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils.crypto import get_random_string

from foro.core import taskqueue
from foro.core.periodic import enqueue_due

CHECK_EVERY_SECONDS = 600
MAX_PAUSE_SECONDS = 30

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run a background worker on the database task queue (run N of them to scale out). "
        "Each worker also starts the daily jobs (once a day across all workers), holds a "
        "lease it renews, and queues again the tasks of workers that stopped answering."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, queue, batch, **options):
        from foro.core.checks import refuse_insecure_start

        refuse_insecure_start()
        worker_id = get_random_string(32)
        taskqueue.lease_take(worker_id)
        recovered = taskqueue.recover_stuck()
        if recovered.requeued or recovered.failed:
            self.stdout.write(
                f"tasks of lost workers: {len(recovered.requeued)} queued again, "
                f"{len(recovered.failed)} failed"
            )
        started = enqueue_due()
        if started:
            self.stdout.write(f"daily jobs queued: {', '.join(started)}")
        heartbeat = taskqueue.Heartbeat(worker_id)
        heartbeat.start()
        if not batch:
            stop = threading.Event()

            def daily():
                while not stop.wait(CHECK_EVERY_SECONDS):
                    enqueue_due()

            threading.Thread(target=daily, name="foro-daily-jobs", daemon=True).start()
        extra = ["--batch"] if batch else []
        try:
            pause = 1.0
            while True:
                try:
                    call_command(
                        "db_worker",
                        "--queue-name",
                        queue,
                        "--worker-id",
                        worker_id,
                        "--no-reload",
                        *extra,
                    )
                    break  # stopped (SIGTERM) or, with --batch, the queue is empty
                except (OperationalError, InterfaceError):
                    # the database went away (a restart, a failover): wait, then poll again
                    # instead of leaving the queue without this worker
                    log.exception("database unavailable; the worker polls again in %.0f s", pause)
                    close_old_connections()
                    time.sleep(pause)
                    pause = min(pause * 2, MAX_PAUSE_SECONDS)
                    try:  # a task cut short by the break runs again
                        taskqueue.recover_own(worker_id)
                    except (OperationalError, InterfaceError):
                        close_old_connections()  # still down: db_worker fails again and waits
        finally:
            heartbeat.stop.set()
            taskqueue.lease_release(worker_id)
