from django.core.management.base import BaseCommand

from reports.demo import load


class Command(BaseCommand):
    help = (
        "Ask for the demo pilot's reports owed to the steering committee; a running worker builds them and shares "
        "them with their readers (safe to run again)."
    )

    def handle(self, *args, **options):
        load(out=self.stdout)
