from django.core.management.base import BaseCommand

from foro.core import taskqueue


class Command(BaseCommand):
    help = (
        "Queue again the RUNNING tasks whose worker stopped answering (every `foro worker` "
        "does this at start and at each heartbeat; this is for a queue without workers)."
    )

    def handle(self, *args, **options):
        outcome = taskqueue.recover_stuck()
        self.stdout.write(
            f"queued again: {len(outcome.requeued)}; failed (too many attempts): "
            f"{len(outcome.failed)}"
        )
