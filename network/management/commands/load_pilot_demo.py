from django.core.management.base import BaseCommand

from network.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the 2008-2010 pilot from the evaluation report as demo data (safe to run again)."

    def handle(self, *args, **options):
        users = load_demo(out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in users:
            self.stdout.write(f"  {username:<12} {role.label}")
