"""How long an XLSForm import takes against the workbook's size (not a test; run it by hand).

    python manage.py migrate
    python -m bench.xlsform 100 1000 4000 8000

Each workbook has N survey rows (a third of them select_one with a skip rule, the rest integers
with a constraint) and a 250-row choices sheet. Every import runs in a transaction that is rolled
back. Prints a Markdown table: filled cells, bytes, the quick cell count, and the full import
(bounds, our pass, pyxform, saving). EVALUATION_XLSFORM_BACKGROUND_CELLS is chosen from it.
"""

from __future__ import annotations

import argparse
import io
import os
import time


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message"])
    for n in range(rows):
        if n % 3 == 0:
            relevant = f"${{q{n - 1}}} != 5" if n else ""
            survey.append([f"select_one l{n % 50}", f"q{n}", f"Question {n} about something", "A hint", "yes",
                           relevant, "", ""])  # fmt: skip
        else:
            survey.append(["integer", f"q{n}", f"Question {n}", "", "", "", ". >= 0 and . <= 100", "0 to 100"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for n in range(250):
        choices.append([f"l{n // 5}", f"c{n % 5}", f"Choice {n % 5}"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append([f"bench_{rows}", "Benchmark", "1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="+")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()
    from django.db import transaction

    from evaluation.services import questionnaire_import
    from evaluation.xlsform import check_bounds

    print("| survey rows | filled cells | bytes | quick count (s) | full import (s) | µs per cell |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for rows in args.rows:
        data = workbook(rows)
        start = time.perf_counter()
        cells = check_bounds(data, exact=False)
        counted = time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            questionnaire_import(data=data, filename="bench.xlsx")
            transaction.set_rollback(True)
        spent = time.perf_counter() - start
        print(f"| {rows:,} | {cells:,} | {len(data):,} | {counted:.3f} | {spent:.2f} | {spent / cells * 1e6:.0f} |")


if __name__ == "__main__":
    main()
