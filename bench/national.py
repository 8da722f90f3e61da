"""Every national-scale target side by side in one run (not a test; run it by hand on PostgreSQL).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pilot_bench
    python manage.py migrate
    python -m bench.reports --groups 1000 --years 5 --responses 100000 --only 0   # generates once
    python -m bench.national                # everything; --skip reports,pages,... to leave parts out

Each part runs in fresh processes (so peak memory is that part's own): every report kind in every format
(`bench.reports --only N`), the questionnaire summary (built in process, and written by `build_report` as a
whole process) against the raw `GROUP BY` and against pandas reading the export and counting, the export
and import of 100,000 responses (`bench.import_export`), and every page under gunicorn (`bench.pages`).
Prints Markdown tables and a list of the targets with "met" or "not met" for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

REPORT_SECONDS, REPORT_MB = 60, 500
IMPORT_SECONDS = 20
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the project: manage.py is here
CASE_TIMEOUT = 150  # seconds: a case still running then has missed the target anyway

PANDAS_COUNT = """
import sys, time, pandas
frame = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
counts = {column: frame[column][frame[column] != ""].value_counts() for column in frame.columns}
print(sum(len(c) for c in counts.values()))
"""


def run(args: list[str], **kwargs) -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True, **kwargs)
    return done.stdout, time.perf_counter() - start


def reports(targets: list) -> None:
    from bench.reports import case_count, report_label

    print("\n### Reports (each in a fresh process)\n")
    print("| what | seconds | peak memory (MB) | target met |\n| --- | ---: | ---: | --- |")
    worst = []
    for number in range(case_count() + 1):
        try:
            out, _ = run(["-m", "bench.reports", "--skip-generate", "--only", str(number)], timeout=CASE_TIMEOUT)
        except subprocess.TimeoutExpired:
            label = report_label(number)
            worst.append(label)
            print(f"| {label} | over {CASE_TIMEOUT} (stopped) | - | **no** |", flush=True)
            continue
        for line in out.splitlines():
            if line.startswith("RESULT"):
                _, label, seconds, peak = line.split("\t")
                met = number == 0 or (float(seconds) < REPORT_SECONDS and float(peak) < REPORT_MB)
                if not met:
                    worst.append(label)
                print(f"| {label} | {seconds} | {peak} | {'yes' if met else '**no**'} |", flush=True)
    targets.append((f"every report kind in every format under {REPORT_SECONDS} s and {REPORT_MB} MB", not worst,
                    "; ".join(worst)))  # fmt: skip


def compile_bytecode() -> None:
    """Byte-compile the project once, as installing it does, before the whole-process comparisons.

    pip compiled pandas and every other package when it installed them. The project's own modules are
    compiled by the interpreter on first import and cached in __pycache__, except where
    PYTHONDONTWRITEBYTECODE is set (as on these machines): then every process compiled them from source
    again (about 0.08 s), and the comparison would have timed that instead of the summary."""
    import compileall

    skip = re.compile(r"[/\\](\.venv|node_modules|\.git|var|staticfiles)[/\\]")
    compileall.compile_dir(BASE_DIR, quiet=1, rx=skip)


def summary(targets: list, form_id: str) -> None:
    """The summary as a whole process against the raw GROUP BY and against pandas on the export.

    Each figure is the median of three runs, alternating the two whole processes: both are mostly Python
    starting (under a second), where one run's noise decides which is faster."""

    def median_of(args: list[str]) -> tuple[float, float]:  # (seconds reported, whole process)
        runs = []
        for _ in range(3):
            out, total = run(args)
            runs.append((float(out.split("RESULT")[1].split("\t")[2]) if "RESULT" in out else 0.0, total))
        return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

    compile_bytecode()
    raw, _ = median_of(["-m", "bench.reports", "--skip-generate", "--only", "0"])
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.csv")
        run(["-c", EXPORT.format(form_id=form_id, path=path)])
        built, _ = median_of(["-m", "bench.reports", "--skip-generate", "--only", "1"])
        # The whole process is what a user runs for the summary's figures in a file, as pandas writes its own.
        _, summary_total = median_of([
            os.path.join(BASE_DIR, "manage.py"), "build_report", "questionnaire_summary", "--questionnaire", form_id,
            "--format", "json",
            "--output", os.path.join(folder, "summary.json"),
        ])  # fmt: skip
        _, pandas_total = median_of(["-c", PANDAS_COUNT, path])
    print("\n### The summary against the raw query and pandas\n")
    print("| what | seconds |\n| --- | ---: |")
    print(f"| raw `GROUP BY` over the answers (query only) | {raw:.2f} |")
    print(f"| questionnaire summary, build only (in process) | {built:.2f} |")
    print(f"| the summary written as JSON by `manage.py build_report`, as a whole process | {summary_total:.2f} |")
    print(f"| pandas reading the export and counting, as a whole process | {pandas_total:.2f} |")
    print(f"\nRatios: summary / raw query {built / raw:.2f}x; whole process summary / pandas "
          f"{summary_total / pandas_total:.2f}x")  # fmt: skip
    out, _ = run(["-m", "bench.summary"])
    print("\nThe summary over the scopes the page offers (bench.summary):\n\n" + out.strip())
    targets.append(("summary at most 1x the raw GROUP BY", built <= raw, f"{built / raw:.2f}x"))
    targets.append(("summary faster than pandas as a whole process", summary_total < pandas_total,
                    f"{summary_total:.1f} s against {pandas_total:.1f} s"))  # fmt: skip


EXPORT = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
import django
django.setup()
from evaluation.export import export_rows, write_csv_to
from evaluation.models import Questionnaire, Response
questionnaire = Questionnaire.objects.get(form_id="{form_id}")
with open("{path}", "wb") as stream:
    write_csv_to(export_rows(questionnaire, Response.objects.filter(round__questionnaire=questionnaire)), stream)
"""


def import_export(targets: list) -> None:
    out, _ = run(["-m", "bench.import_export", "members_autumn_2009", "--xlsx"])
    print("\n### Export and import of the responses\n\n```\n" + out.strip() + "\n```")
    match = re.search(r"preview in ([\d.]+) s; imported \(checked again and saved\) in ([\d.]+) s", out)
    if match:
        preview, total = float(match.group(1)), float(match.group(2))
        targets.append((f"100,000 responses imported in under {IMPORT_SECONDS} s", total < IMPORT_SECONDS,
                        f"{total:.1f} s checked and saved (the preview's check {preview:.1f} s)"))  # fmt: skip


def pages(targets: list) -> None:
    out, _ = run(["-m", "bench.pages", "--runs", "5"])
    print("\n### Pages under gunicorn\n\n" + out.strip())
    match = re.search(r"(\d+) of (\d+) pages meet the target", out)
    if match:
        met, total = int(match.group(1)), int(match.group(2))
        targets.append(("every page p50 under 300 ms and HTML under 300 KB", met == total, f"{met} of {total}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: reports,summary,import,pages")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()
    from django.db import connection

    from evaluation.models import Questionnaire

    form_id = Questionnaire.objects.filter(audience="group_members").values_list("form_id", flat=True).first()
    print(f"Database: {connection.vendor}; load average before: {os.getloadavg()[0]:.1f}")
    targets: list[tuple[str, bool, str]] = []
    if "reports" not in skip:
        reports(targets)
    if "summary" not in skip:
        summary(targets, form_id)
    if "import" not in skip:
        import_export(targets)
    if "pages" not in skip:
        pages(targets)
    print(f"\n### Targets (load average after: {os.getloadavg()[0]:.1f})\n")
    print("| target | met | figure |\n| --- | --- | --- |")
    for label, met, figure in targets:
        print(f"| {label} | {'met' if met else '**not met**'} | {figure} |")


if __name__ == "__main__":
    main()
