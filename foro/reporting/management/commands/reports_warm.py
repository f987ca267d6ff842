from django.core.management.base import BaseCommand

from foro.reporting.figures import warm


class Command(BaseCommand):
    help = "Count the usual report periods into the figures cache (run nightly from cron)."

    def handle(self, *args, **options):
        for code in warm():
            self.stdout.write(f"counted {code}")
