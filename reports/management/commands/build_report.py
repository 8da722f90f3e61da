"""Build a report from the command line, in this process or through the background worker."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.document import ReportError
from reports.forms import FILTERS
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.models import ReportFormat, ReportRequest, ReportStatus
from reports.services import with_default_period
from reports.writers import write


class Command(BaseCommand):
    help = "Build a report (questionnaire_summary, monitoring, site_progress, evaluation_pack) into a file."
    # Django's system checks load every URL and view to check them, which took longer than the summary itself
    # (docs/performance.md, "Starting a process"). The project registers no checks of its own, its settings
    # are checked as they load, and `manage.py check` and every server start still run Django's.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--questionnaire", help="the questionnaire's form_id")
        parser.add_argument("--round", help="a collection round id")
        parser.add_argument("--site", help="a site slug")
        parser.add_argument("--group", type=int, help="a group id")
        parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
        parser.add_argument("--by-site", action="store_true", help="questionnaire summary: add a breakdown by site")
        parser.add_argument(
            "--figures",
            default="published",
            choices=["published", "exact"],
            help="published (small numbers hidden, the default) or exact (coordinators and evaluators; not for "
            "publication)",
        )
        parser.add_argument("--format", default="pdf", choices=ReportFormat.values)
        parser.add_argument("--output", required=True, help="where to write the file")
        parser.add_argument("--background", action="store_true", help="build it on a worker through the broker")
        parser.add_argument("--as-user", help="with --background: the username the request is made for")
        parser.add_argument("--timeout", type=int, default=30 * 60, help="with --background: seconds to wait")

    def handle(self, *args, **opts):
        parameters = {
            key: opts[key]
            for key in ("questionnaire", "round", "site", "group", "date_from", "date_to", "by_site", "figures")
            if opts.get(key) not in (None, "", False)
        }
        if "date_from" in FILTERS[opts["kind"]]:
            given = parameters
            parameters = with_default_period(opts["kind"], parameters)
            if parameters is not given:
                parameters["date_from"] = parameters["date_from"].isoformat()
                parameters["date_to"] = parameters["date_to"].isoformat()
                self.stderr.write(
                    f"No dates given: the last 12 months, {parameters['date_from']} to {parameters['date_to']}. "
                    "Give --from and --to for another period."
                )
        output = Path(opts["output"])
        if opts["background"]:
            return self.background(opts, parameters, output)
        try:
            kind = KINDS[opts["kind"]](parameters=parameters, audience=FULL_AUDIENCE, progress=self.progress)
            report = kind.build()
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        tmp = output.with_name(f".{output.name}.part")
        with open(tmp, "wb") as out:
            write(report, opts["format"], out)
        tmp.replace(output)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    def progress(self, percent: int, line: str) -> None:
        self.stderr.write(f"{percent:3d}% {line}")

    def background(self, opts, parameters, output: Path):
        from django.contrib.auth import get_user_model

        from reports.services import report_request_create

        User = get_user_model()
        username = opts.get("as_user")
        user = (
            User.objects.filter(username=username).first()
            if username
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError("No such user: give --as-user USERNAME (a superuser is used by default).")
        try:
            request = report_request_create(user=user, kind=opts["kind"], parameters=parameters, fmt=opts["format"])
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"Queued report {request.pk}")
        deadline, last = time.monotonic() + opts["timeout"], None
        while time.monotonic() < deadline:
            request = ReportRequest.objects.get(pk=request.pk)
            seen = (request.status, request.progress, request.status_line)
            if seen != last:
                self.stderr.write(f"{request.progress:3d}% {request.get_status_display()} {request.status_line}")
                last = seen
            if request.status == ReportStatus.DONE:
                with request.file.open("rb") as src:
                    output.write_bytes(src.read())
                self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
                return
            if request.status in (ReportStatus.FAILED, ReportStatus.EXPIRED):
                self.stderr.write(request.message)
                sys.exit(1)
            time.sleep(0.5)
        raise CommandError(f"The report was not ready after {opts['timeout']} seconds (request {request.pk}).")
