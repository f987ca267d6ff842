from django.core.management.base import BaseCommand

from foro.licensing.services import licences_expire


class Command(BaseCommand):
    help = "Expire licences whose validity has ended (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        count = licences_expire()
        self.stdout.write(f"{count} licence(s) expired")
