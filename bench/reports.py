"""Benchmark of the reports on a national-scale dataset (not a test; run it by hand on PostgreSQL).

    createdb -h 127.0.0.1 -U postgres pilot_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pilot_bench
    python manage.py migrate
    python -m bench.reports --groups 1000 --years 5 --responses 100000

The dataset is deterministic (a fixed random seed) and is generated once; rerunning only times the
reports. Figures go to stdout as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

SEED = 2009
START = date(2005, 4, 1)
# The dataset's five years; without an end date a report runs to today and counts every week since as missed.
FIVE_YEARS = {"date_from": "2005-04-01", "date_to": "2010-03-31"}
ONE_YEAR = {"date_from": "2008-04-01", "date_to": "2009-03-31"}
NETWORK_FORMATS = ("pdf", "xlsx", "csv", "json")


def report_cases(form_id: str) -> list[tuple[str, str, dict, str | None]]:
    """(label, kind, parameters, format): every report kind in every format, at network and site scope."""
    questionnaire = {"questionnaire": form_id}
    cases = [("questionnaire summary, build only", "questionnaire_summary", questionnaire, None)]
    cases += [
        (f"questionnaire summary, {f.upper()}", "questionnaire_summary", questionnaire, f) for f in NETWORK_FORMATS
    ]
    for scope, params in (
        ("whole network, 5 years", FIVE_YEARS),
        ("whole network, one year", ONE_YEAR),
        ("whole network, default period (the last 12 months)", {}),
        ("one site, 5 years", {**FIVE_YEARS, "site": "bench-0001"}),
    ):
        cases += [(f"monitoring, {scope}, {f.upper()}", "monitoring", params, f) for f in NETWORK_FORMATS]
    cases += [(f"site progress, whole network, {f.upper()}", "site_progress", {}, f) for f in NETWORK_FORMATS]
    cases += [(f"evaluation pack, {f.upper()}", "evaluation_pack", questionnaire, f) for f in NETWORK_FORMATS]
    return cases


def case_count() -> int:
    return len(report_cases("x"))


def report_label(number: int) -> str:
    """The label of case `number` (0 is the raw GROUP BY)."""
    return "raw SQL GROUP BY" if number == 0 else report_cases("x")[number - 1][0]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()


def generate(*, groups: int, years: int, responses: int, out) -> None:
    """Sites, groups with weekly meetings, training events and questionnaire responses, once."""
    from django.db import transaction
    from django.utils import timezone

    from evaluation.models import Answer, CollectionRound, Questionnaire, QuestionType, Response
    from evaluation.services import questionnaire_import
    from groups.models import TOOLS, Group, Meeting
    from sites.models import HostSite, Region
    from training.models import Event, EventDay

    rng = random.Random(SEED)
    if Group.objects.filter(name__startswith="Bench ").count() >= groups:
        out.write("dataset already present\n")
        return
    n_sites = max(1, groups // 10)
    end = START + timedelta(days=365 * years)
    t0 = time.monotonic()
    with transaction.atomic():
        regions = list(Region.values)
        sites = HostSite.objects.bulk_create(
            HostSite(
                agency_name=f"Bench agency {i}",
                name=f"Bench site {i:04d}",
                slug=f"bench-{i:04d}",
                region=regions[i % len(regions)],
            )  # fmt: skip
            for i in range(n_sites)
        )
        made = Group.objects.bulk_create(
            Group(
                site=sites[i % n_sites],
                name=f"Bench group {i:05d}",
                weekday=i % 5,
                status="meeting",
                status_since=START,
            )  # fmt: skip
            for i in range(groups)
        )
        out.write(f"{len(sites)} sites, {len(made)} groups ({time.monotonic() - t0:.0f}s)\n")
        batch, count = [], 0
        tool_names = [name for name, _ in TOOLS]
        for group in made:
            day = START + timedelta(days=(group.weekday - START.weekday()) % 7)
            while day < end:
                held = rng.random() > 0.05
                people = rng.randint(2, 12) if held else 0
                fields = {name: rng.random() < 0.3 for name in tool_names} if held else {}
                batch.append(
                    Meeting(
                        group=group,
                        date=day,
                        held=held,
                        attendance=people,
                        newcomers=min(people, rng.randint(0, 2)),
                        duration_minutes=90,
                        registered_at=timezone.make_aware(
                            datetime.combine(day + timedelta(days=rng.randint(0, 12)), datetime.min.time())
                        ),
                        **fields,
                    )  # fmt: skip
                )
                day += timedelta(days=7)
                if len(batch) >= 10000:
                    Meeting.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
        Meeting.objects.bulk_create(batch)
        count += len(batch)
        out.write(f"{count} meetings ({time.monotonic() - t0:.0f}s)\n")
        for site in sites:
            event = Event.objects.create(
                kind="facilitator_training", title=f"Training {site.name}", site=site,
                status="planned", starts_on=START, ends_on=START + timedelta(days=1),
            )  # fmt: skip
            EventDay.objects.bulk_create([EventDay(event=event, date=START, attendance=rng.randint(8, 25)),
                                          EventDay(event=event, date=START + timedelta(days=1),
                                                   attendance=rng.randint(5, 15))])  # fmt: skip

    from django.conf import settings

    path = os.path.join(settings.BASE_DIR, "evaluation", "demo_data", "members_autumn_2009.xlsx")
    questionnaire = Questionnaire.objects.filter(audience="group_members").first()
    if questionnaire is None:
        with open(path, "rb") as f:
            version = questionnaire_import(data=f.read(), filename="bench.xlsx", audience="group_members")
        questionnaire = version.questionnaire
    version = questionnaire.current_version
    questions = list(version.questions.prefetch_related("choices"))
    rounds = CollectionRound.objects.bulk_create(
        CollectionRound(
            questionnaire=questionnaire,
            version=version,
            name=f"Bench round {s.slug}",
            site=s,
            opens_on=START,
            closes_on=end,
            token=f"bench-{s.slug}",
        )  # fmt: skip
        for s in sites
    )
    per_round = responses // len(rounds)
    days = (end - START).days
    answers: list = []
    written = 0
    for r in rounds:
        with transaction.atomic():
            made_responses = Response.objects.bulk_create(
                Response(
                    round=r, version=version, is_paper=True, submitted_on=START + timedelta(days=rng.randrange(days))
                )
                for _ in range(per_round)
            )
            for response in made_responses:
                for q in questions:
                    if rng.random() < 0.08:
                        continue  # not answered
                    choices = list(q.choices.all())
                    if q.type == QuestionType.SELECT_ONE and choices:
                        answers.append(Answer(response=response, question=q, choice=rng.choice(choices)))
                    elif q.type == QuestionType.SELECT_MULTIPLE and choices:
                        for c in rng.sample(choices, k=min(len(choices), rng.randint(1, 3))):
                            answers.append(Answer(response=response, question=q, choice=c))
                    elif q.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
                        answers.append(
                            Answer(response=response, question=q, number_value=Decimal(rng.randint(18, 75)))
                        )
                    elif q.type == QuestionType.TEXT and rng.random() < 0.05:
                        answers.append(
                            Answer(response=response, question=q, text_value=f"comment {rng.randint(1, 999)}")
                        )
            Answer.objects.bulk_create(answers, batch_size=10000)
            written += len(answers)
            answers = []
    out.write(f"{per_round * len(rounds)} responses, {written} answers ({time.monotonic() - t0:.0f}s)\n")
    # The answers were written directly, past the services that keep the summary tallies: count them once.
    from evaluation import tallies

    tallies.rebuild()
    out.write(f"summary tallies recounted ({time.monotonic() - t0:.0f}s)\n")


def timed(label: str, func, rows: list) -> object:
    start = time.monotonic()
    result = func()
    rows.append((label, time.monotonic() - start))
    return result


def run_reports(*, out, only: int | None = None) -> list[tuple[str, float]]:
    """Time each report kind (build + write) and the raw SQL GROUP BY the summary stands on."""
    from django.db import connection

    from evaluation.models import Questionnaire
    from reports.kinds import FULL_AUDIENCE, KINDS
    from reports.kinds.base import PdfTooLarge
    from reports.services import with_default_period
    from reports.writers import write

    questionnaire = Questionnaire.objects.filter(audience="group_members").first()
    rows: list[tuple[str, float]] = []

    def raw_group_by():
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT a.question_id, a.choice_id, count(DISTINCT a.response_id)
                   FROM evaluation_answer a JOIN evaluation_response r ON r.id = a.response_id
                   JOIN evaluation_collectionround cr ON cr.id = r.round_id
                   WHERE cr.questionnaire_id = %s AND a.choice_id IS NOT NULL
                   GROUP BY a.question_id, a.choice_id""",
                [questionnaire.pk],
            )
            return cursor.fetchall()

    if only in (None, 0):
        timed("raw SQL GROUP BY over the same answers (choice counts)", raw_group_by, rows)
    cases = report_cases(questionnaire.form_id)
    for number, (label, kind, params, fmt) in enumerate(cases, start=1):
        if only is not None and only != number:
            continue

        def build(kind=kind, params=params, fmt=fmt):
            # No period chosen means what the request form and build_report give it: the last 12 months.
            params = with_default_period(kind, params)
            params = {k: getattr(v, "isoformat", lambda v=v: v)() for k, v in params.items()}
            report = KINDS[kind](parameters=params, audience=FULL_AUDIENCE)
            if fmt:
                try:
                    report.check_format(fmt)  # what the request form checks before anything is queued
                except PdfTooLarge:
                    return "refused at the form"
            built = report.build()
            if fmt:
                write(built, fmt, io.BytesIO())
            return ""

        note = timed(label, build, rows)
        if note:
            rows[-1] = (f"{label} ({note})", rows[-1][1])
        out.write(f"{rows[-1][1]:8.2f}s  {rows[-1][0]}\n")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--responses", type=int, default=100000)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--isolate", action="store_true", help="time each report in a fresh process (peak memory)")
    parser.add_argument("--only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    import logging
    import sys

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    if not args.skip_generate:
        generate(groups=args.groups, years=args.years, responses=args.responses, out=sys.stdout)
    if args.only is not None:
        for label, seconds in run_reports(out=io.StringIO(), only=args.only):
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"RESULT\t{label}\t{seconds:.2f}\t{peak:.0f}")
        return
    if args.isolate:
        import subprocess

        print("\n| what | seconds | peak memory (MB) |\n| --- | --- | --- |")
        for number in range(case_count() + 1):
            done = subprocess.run(
                [sys.executable, "-m", "bench.reports", "--skip-generate", "--only", str(number)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            for line in done.stdout.splitlines():
                if line.startswith("RESULT"):
                    _, label, seconds, peak = line.split("\t")
                    print(f"| {label} | {seconds} | {peak} |", flush=True)
        return
    rows = run_reports(out=sys.stdout)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| what | seconds |\n| --- | --- |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print(f"\nPeak memory of this process (ru_maxrss): {peak:.0f} MB")


if __name__ == "__main__":
    main()
