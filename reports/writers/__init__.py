"""One writer per format: write(report, out) -> extension."""

from __future__ import annotations

from importlib import import_module

MODULES = {"pdf": "pdf_writer", "xlsx": "xlsx_writer", "csv": "csv_writer", "json": "json_writer"}


def write(report, fmt: str, out) -> str:
    """Write the report in the format to the binary file `out`; returns the extension of the file written."""
    from reports.suppress import publish_report

    for table in report.tables():
        table.disclosure = report.disclosure  # every table of a report is shown to the report's reader
    publish_report(report)
    return import_module(f"reports.writers.{MODULES[fmt]}").write(report, out)
