"""python manage.py import_responses FORM_ID PATH [--round ROUND_ID]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from evaluation.bulk import responses_import
from evaluation.models import CollectionRound, Questionnaire


class Command(BaseCommand):
    help = "Import responses from CSV or XLSX; every row is checked and nothing is saved if any is wrong."

    def add_arguments(self, parser):
        parser.add_argument("form_id")
        parser.add_argument("path")
        parser.add_argument("--round", type=int, dest="round_id", help="Put every row in this round.")

    def handle(self, *args, form_id, path, round_id, **options):
        questionnaire = Questionnaire.objects.filter(form_id=form_id).first()
        if questionnaire is None:
            raise CommandError(f"No questionnaire has the form_id {form_id!r}.")
        collection_round = None
        if round_id is not None:
            collection_round = CollectionRound.objects.filter(pk=round_id, questionnaire=questionnaire).first()
            if collection_round is None:
                raise CommandError(f"Round {round_id} is not a round of {form_id}.")
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with source.open("rb") as handle:
                result = responses_import(
                    questionnaire=questionnaire, uploaded_file=File(handle, name=source.name), round=collection_round
                )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} error(s); nothing was imported.") from exc
        self.stdout.write(f"Imported {result.saved} responses into {len(result.rounds)} round(s).")
