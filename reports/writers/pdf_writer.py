"""PDF: an HTML template rendered by WeasyPrint, which may fetch nothing but our own static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.charts import bar_chart
from reports.document import Report
from reports.writers.common import formatted_rows

# A base URL on a reserved, never-resolving domain: relative links become URLs we recognise.
BASE_URL = "https://pilot-report.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
WIDE_COLUMNS = 6  # tables with more columns go on landscape pages
KEEP_ROWS = 30  # a table of up to this many rows stays on one page with its heading and chart


class StaticOnlyFetcher(URLFetcher):
    """Serves files found by Django's static finders under our own base URL; refuses everything else."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX):
            raise ValueError(f"refused to fetch {url[:80]}: reports load only the application's static files")
        relative = url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise ValueError("refused a static path outside the static folders")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"no static file {relative}")
        mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime})


def render_html(report: Report) -> str:
    """The report as the HTML page that becomes the PDF (user text escaped by the template engine).

    Each table is a block with its heading, chart and note; a block of up to KEEP_ROWS rows is never split
    across pages, a longer one keeps its heading and chart with its first rows. A section's heading and
    paragraphs go inside its first block, so that they stay on the same page (a landscape one included).
    """
    sections, charts = [], 0
    for section in report.sections:
        tables = []
        for t in section.tables:
            numeric = [c.kind != "text" for c in t.columns]
            rows = [list(zip(row, numeric, strict=False)) for row in formatted_rows(t)]
            chart = bar_chart(t, number=charts + 1)
            charts += chart is not None
            tables.append(
                {
                    "table": t,
                    "rows": rows,
                    "chart": chart,
                    "heading": t.title != section.title,
                    "wide": len(t.columns) > WIDE_COLUMNS,
                    "keep": len(rows) <= KEEP_ROWS,
                }
            )
        sections.append({"section": section, "first": tables[:1], "tables": tables[1:]})
    return render_to_string("reports/pdf/report.html", {"report": report, "sections": sections})


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    HTML(string=render_html(report), base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(out)
    return "pdf"
