"""python manage.py import_xlsform PATH.xlsx [--audience group_members]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from evaluation.models import Audience
from evaluation.services import questionnaire_import
from pilot.uploads import check_upload


class Command(BaseCommand):
    help = "Import an XLSForm workbook as a questionnaire, or as a new version of one with the same form_id."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--audience", choices=Audience.values, default=None)

    def handle(self, *args, path, audience, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with source.open("rb") as handle:
                check_upload(File(handle, name=source.name), allowed={"xlsx"})
                handle.seek(0)
                data = handle.read()
            version = questionnaire_import(data=data, filename=source.name, audience=audience)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} problem(s); nothing was imported.") from exc
        for notice in version.definition.get("notices", []):
            self.stdout.write(f"Note: {notice}")
        questions = version.questions.count()
        self.stdout.write(
            f"Imported {version.questionnaire.form_id} version {version.version}: {questions} questions."
        )
