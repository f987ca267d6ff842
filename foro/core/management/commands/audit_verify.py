from django.core.management.base import BaseCommand, CommandError

from foro.core.audit import verify
from foro.core.models import AuditChainHead


class Command(BaseCommand):
    help = "Walk the audit hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        checked, broken = verify()
        if broken is not None:
            raise CommandError(
                f"audit chain BROKEN at {broken} ({checked} events verified before it)"
            )
        head = AuditChainHead.objects.filter(pk=1).first()
        last = head.last_hash if head else "-"
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} events; head {last}"))
        self.stdout.write(
            "Record the head hash outside foro to detect a rewrite of the whole chain later."
        )
