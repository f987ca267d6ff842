from django.core.management.base import BaseCommand

from foro.core import taskqueue


class Command(BaseCommand):
    help = (
        "The background task queue: counts per status, the age of the oldest waiting task, "
        "the workers and their leases, stuck tasks (their worker stopped answering) and the "
        "latest failed ones. Exit status 1 when a task is stuck."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", type=int, default=20, help="how many failed tasks to list")

    def handle(self, *args, failed, **options):
        status = taskqueue.queue_status(failed_limit=failed)
        out = self.stdout
        counts = ", ".join(f"{k.lower()} {v}" for k, v in sorted(status.counts.items())) or "empty"
        out.write(f"tasks: {counts}")
        age = status.oldest_ready_age
        out.write("oldest waiting task: " + (f"{age:.0f} s" if age is not None else "none waiting"))
        out.write(f"workers: {sum(1 for w in status.workers if w.alive)} alive")
        for w in status.workers:
            state = "alive" if w.alive else "silent"
            out.write(
                f"  {w.worker_id} {w.hostname}:{w.pid} {state}, last beat {w.heartbeat_at:%Y-%m-%d %H:%M:%S}"
            )
        out.write(f"stuck: {len(status.stuck)}")
        for t in status.stuck:
            out.write(
                f"  {t.pk} {t.task_path} since {t.started_at:%Y-%m-%d %H:%M:%S} on {(t.worker_ids or ['?'])[-1]}"
            )
        out.write(f"failed (latest {failed}): {len(status.failed)}")
        for t in status.failed:
            when = f"{t.finished_at:%Y-%m-%d %H:%M:%S}" if t.finished_at else "?"
            out.write(f"  {t.pk} {t.task_path} at {when}: {t.exception_class_path}")
        if status.stuck:
            raise SystemExit(1)
