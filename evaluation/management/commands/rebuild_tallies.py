"""Recount every tally from the answers (after a restore, or if they are ever in doubt)."""

from django.core.management.base import BaseCommand

from evaluation import tallies


class Command(BaseCommand):
    help = "Recount the summary tallies of every collection round from the answers."

    def handle(self, *args, **options):
        rounds = tallies.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Tallies recounted for {rounds} collection rounds.")
