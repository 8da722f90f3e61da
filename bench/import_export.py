"""How long exporting and re-importing a questionnaire's responses takes (not a test; run it by hand).

    DATABASE_URL=postgres://... python -m bench.import_export members_autumn_2009 [--xlsx] [--keep]

Exports every response of the questionnaire to a CSV file (streamed, as the export job does) and
optionally an XLSX, then imports as many responses into a new round as the web import does (checked for
the preview, then checked again and saved in one transaction: the import), and prints the time and peak
memory of each step. Without --keep the imported rows are
rolled back. The file imported repeats the demo's 65 members' answer sheets (`members_autumn_2009`),
which keep the form's rules; generated bench answers need not.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _valid_file(path: str, rows: int) -> None:
    import csv

    from evaluation.demo import member_answers

    sheets = member_answers()
    names = sorted({name for sheet in sheets for name in sheet})
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["_submitted_on", *names])
        for n in range(rows):
            sheet = sheets[n % len(sheets)]
            cells = [" ".join(v) if isinstance(v, list) else str(v) for v in (sheet.get(k, "") for k in names)]
            writer.writerow([f"2009-{10 + n % 3:02d}-{1 + n % 28:02d}", *cells])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("form_id")
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX export")
    parser.add_argument("--keep", action="store_true", help="commit the imported responses")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()
    from django.core.files import File
    from django.db import connection, transaction

    from evaluation import bulk, bulk_write
    from evaluation.export import export_rows, write_csv_to, write_xlsx_to
    from evaluation.models import CollectionRound, Questionnaire, Response
    from evaluation.services import round_create

    questionnaire = Questionnaire.objects.get(form_id=args.form_id)
    responses = Response.objects.filter(round__questionnaire=questionnaire)
    print(f"{responses.count():,} responses on {connection.vendor}")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "responses.csv")
        start = time.perf_counter()
        with open(path, "wb") as stream:
            written = write_csv_to(export_rows(questionnaire, responses), stream)
        print(f"CSV export: {written:,} rows, {os.path.getsize(path) / 1e6:.1f} MB in "
              f"{time.perf_counter() - start:.1f} s (peak {_peak_mb():.0f} MB)")  # fmt: skip
        if args.xlsx:
            start = time.perf_counter()
            with open(os.path.join(folder, "responses.xlsx"), "wb") as stream:
                write_xlsx_to(export_rows(questionnaire, responses), stream)
            print(f"XLSX export: {time.perf_counter() - start:.1f} s (peak {_peak_mb():.0f} MB)")

        path = os.path.join(folder, "import.csv")
        _valid_file(path, written)

        model = CollectionRound.objects.filter(questionnaire=questionnaire).order_by("opens_on").first()
        with transaction.atomic():
            target = round_create(
                questionnaire=questionnaire, name="Bench import", site=model.site, opens_on=model.opens_on,
                closes_on=max(r.closes_on for r in CollectionRound.objects.filter(questionnaire=questionnaire)),
            )  # fmt: skip
            # Foreign keys are checked at commit; rolled back, they would never be checked. Checking them at
            # each statement keeps that cost inside the timed save, committed or not.
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # As the web import runs it: checked for the preview when the file comes, then (once confirmed)
            # checked again and saved in one transaction, which is the import itself.
            with open(path, "rb") as stream:
                start = time.perf_counter()
                preview = bulk.responses_preview(
                    questionnaire=questionnaire, uploaded_file=File(stream, name="responses.csv"), round=target
                )
                checked = time.perf_counter() - start
            with open(path, "rb") as stream:
                start = time.perf_counter()
                result = bulk.responses_import(
                    questionnaire=questionnaire, uploaded_file=File(stream, name="responses.csv"), round=target
                )
                if connection.vendor == "postgresql":  # checks still queued for the commit run now, timed
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                imported = time.perf_counter() - start
            assert result.saved == preview.rows
            print(f"Import: {preview.rows:,} responses checked for the preview in {checked:.1f} s; "
                  f"imported (checked again and saved) in {imported:.1f} s; {checked + imported:.1f} s for both "
                  f"(peak {_peak_mb():.0f} MB)")  # fmt: skip
            if not args.keep:
                transaction.set_rollback(True)
        if args.keep:
            start = time.perf_counter()
            bulk_write.analyze_tables()
            print(f"ANALYZE: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
