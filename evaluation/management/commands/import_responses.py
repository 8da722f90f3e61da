"""python manage.py import_responses FORM_ID PATH [--round ROUND_ID | --new-round NAME --site SLUG [--group ID]
[--opens DATE --closes DATE]]"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluation.bulk import responses_import
from evaluation.models import CollectionRound, Questionnaire
from evaluation.services import round_create
from groups.models import Group
from pilot.dates import check_plausible_date
from sites.models import HostSite

NEW_ROUND_USAGE = "--new-round NAME --site SLUG [--group ID] [--opens YYYY-MM-DD --closes YYYY-MM-DD]"
# round_create's fields, as this command's options.
OPTION_OF = {
    "name": "--new-round",
    "site": "--site",
    "group": "--group",
    "opens_on": "--opens",
    "closes_on": "--closes",
}


def _day(option: str, text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option}: '{text}' is not a date; write it as YYYY-MM-DD.") from None
    try:
        check_plausible_date(day)
    except ValidationError as exc:
        raise CommandError(f"{option}: {' '.join(exc.messages)}") from None
    return day


class Command(BaseCommand):
    help = (
        "Import responses from CSV or XLSX; every row is checked and nothing is saved if any is wrong. "
        "Into a questionnaire's only round, a chosen round (--round), the _round column, or a round the "
        f"command opens first ({NEW_ROUND_USAGE}); a new round is kept only if the import succeeds."
    )

    def add_arguments(self, parser):
        parser.add_argument("form_id")
        parser.add_argument("path")
        parser.add_argument("--round", type=int, dest="round_id", help="Put every row in this round.")
        new = parser.add_argument_group("open a new round for the file (when the questionnaire has none that fits)")
        new.add_argument("--new-round", dest="new_round", metavar="NAME", help="The new round's name.")
        new.add_argument("--site", metavar="SLUG", help="The host site the round is at (its slug).")
        new.add_argument("--group", type=int, metavar="ID", help="The group the round is for, if only one.")
        new.add_argument("--opens", metavar="DATE", help="The day the round opened (YYYY-MM-DD; default today).")
        new.add_argument("--closes", metavar="DATE", help="The day it closed (YYYY-MM-DD; default today).")

    def handle(self, *args, form_id, path, round_id, new_round, site, group, opens, closes, **options):
        questionnaire = Questionnaire.objects.filter(form_id=form_id).first()
        if questionnaire is None:
            raise CommandError(f"No questionnaire has the form_id {form_id!r}.")
        new_round_args = self._new_round_args(questionnaire, round_id, new_round, site, group, opens, closes)
        collection_round = None
        if round_id is not None:
            collection_round = CollectionRound.objects.filter(pk=round_id, questionnaire=questionnaire).first()
            if collection_round is None:
                raise CommandError(f"Round {round_id} is not a round of {form_id}.")
        elif new_round_args is None and not questionnaire.rounds.exists():
            raise CommandError(
                f"{form_id} has no collection round yet, so there is nothing to import the answers into. "
                f"Open one as you import: {NEW_ROUND_USAGE} (the dates the questionnaires were handed out), "
                "or open a round on the questionnaire's page and import into it."
            )
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with transaction.atomic(), source.open("rb") as handle:
                if new_round_args is not None:
                    collection_round = self._open_round(questionnaire, new_round_args)
                result = responses_import(
                    questionnaire=questionnaire, uploaded_file=File(handle, name=source.name), round=collection_round
                )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            opened = " and no round was opened" if new_round_args is not None else ""
            raise CommandError(f"{len(exc.messages)} error(s); nothing was imported{opened}.") from exc
        if new_round_args is not None:
            self.stdout.write(
                f"Opened round {collection_round.pk} '{collection_round.name}' at {collection_round.site}."
            )
        self.stdout.write(f"Imported {result.saved} responses into {len(result.rounds)} round(s).")

    def _new_round_args(self, questionnaire, round_id, name, site_slug, group_id, opens, closes) -> dict | None:
        """The checked arguments of --new-round, or None without it; a clear CommandError for any bad value."""
        if name is None:
            given = [
                o
                for o, v in (("--site", site_slug), ("--group", group_id), ("--opens", opens), ("--closes", closes))
                if v is not None
            ]
            if given:
                raise CommandError(
                    f"{', '.join(given)} describe a new round: add --new-round NAME, or leave them out."
                )
            return None
        if round_id is not None:
            raise CommandError("Choose --round ROUND_ID or --new-round NAME, not both.")
        name = name.strip()
        if not name:
            raise CommandError("--new-round: give the round a name, e.g. --new-round 'Autumn 2009 paper returns'.")
        if len(name) > CollectionRound._meta.get_field("name").max_length:
            raise CommandError("--new-round: the name is longer than 200 characters.")
        if not site_slug:
            raise CommandError(f"--new-round needs --site SLUG, the host site the round is at ({NEW_ROUND_USAGE}).")
        site = HostSite.objects.filter(slug=site_slug).first()
        if site is None:
            slugs = ", ".join(HostSite.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise CommandError(f"--site: no host site has the slug '{site_slug}'. Sites: {slugs or 'none yet'}.")
        group = None
        if group_id is not None:
            group = Group.objects.filter(pk=group_id).first()
            if group is None:
                raise CommandError(f"--group: there is no group {group_id}.")
            if group.site_id != site.pk:
                raise CommandError(f"--group: {group} (group {group.pk}) is not a group of {site}.")
        if (opens is None) != (closes is None):
            raise CommandError("Give both --opens and --closes, or neither (the round then opens and closes today).")
        today = timezone.localdate()
        opens_on, closes_on = _day("--opens", opens) or today, _day("--closes", closes) or today
        if closes_on < opens_on:
            raise CommandError("--closes: the round must close on or after the day it opens (--opens).")
        if questionnaire.current_version is None:
            raise CommandError(f"{questionnaire.form_id} has no version to open a round of; upload its XLSForm first.")
        return {"name": name, "site": site, "group": group, "opens_on": opens_on, "closes_on": closes_on}

    def _open_round(self, questionnaire, args: dict) -> CollectionRound:
        try:
            return round_create(questionnaire=questionnaire, **args)
        except ValidationError as exc:
            problems = [f"{OPTION_OF.get(f, f)}: {m}" for f, ms in exc.message_dict.items() for m in ms]
            raise CommandError(" ".join(problems)) from exc
