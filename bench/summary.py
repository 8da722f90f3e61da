"""The questionnaire summary over the scopes the page offers, read from the tallies (not a test; PostgreSQL).

    python -m bench.summary            # after bench.reports has generated the dataset

Each scope is summarised twice in one process (the first run cold, the second warm), then through the
summary page's cache (a miss, then a hit). Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import os
import time
from datetime import date


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()
    from django.conf import settings

    # A cache of this process's own: the bench must not write into a shared cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}}
    from bench.reports import FIVE_YEARS, ONE_YEAR
    from evaluation.models import Questionnaire
    from evaluation.summary import questionnaire_summary
    from evaluation.summary_page import summary_figures
    from sites.models import HostSite

    questionnaire = Questionnaire.objects.filter(audience="group_members").first()
    site = HostSite.objects.filter(slug="bench-0001").first()
    # The generated dataset's own periods (bench.reports), so every benchmark times the same scopes.
    five = {k: date.fromisoformat(v) for k, v in FIVE_YEARS.items()}
    scopes = [
        ("everything", {}),
        ("five years", five),
        ("one year", {k: date.fromisoformat(v) for k, v in ONE_YEAR.items()}),
        ("17 Apr 2006 to 3 Mar 2009", {"date_from": date(2006, 4, 17), "date_to": date(2009, 3, 3)}),
        ("one site, five years", {"site": site, **five}),
    ]
    print("| scope | responses | cold (s) | warm (s) | with written answers (s) | page, not cached (s) "
          "| page, cached (s) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, scope in scopes:
        times = []
        for texts in (False, False, True):
            start = time.perf_counter()
            data = questionnaire_summary(questionnaire=questionnaire, texts=texts, **scope)
            times.append(time.perf_counter() - start)
        for _ in range(2):
            start = time.perf_counter()
            summary_figures(questionnaire=questionnaire, filters=scope, texts=False)
            times.append(time.perf_counter() - start)
        print(f"| {label} | {data['responses']:,} | " + " | ".join(f"{t:.3f}" for t in times) + " |", flush=True)


if __name__ == "__main__":
    main()
