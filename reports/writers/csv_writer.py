"""CSV: one table per file; several tables come zipped, with a README stating the rule applied."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from pilot.spreadsheets import neutralise
from reports.document import Report, Table
from reports.writers.common import plain, published_rows


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.label) for c in table.columns])
    for row in published_rows(table):
        writer.writerow([neutralise(plain(v)) if v is not None else "" for v in row])
    return buffer.getvalue()


def _filename(table: Table, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", table.key.lower()).strip("-") or "table"
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return f"{name}.csv"


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    tables = report.tables()
    if len(tables) == 1:
        out.write(("\ufeff" + table_csv(tables[0])).encode("utf-8"))
        return "csv"
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = [report.title, f"Generated {report.generated_at:%d/%m/%Y %H:%M}"]
        readme += [f"{label}: {value}" for label, value in report.filters]
        readme += ["", report.rule, ""]
        for table in tables:
            name = _filename(table, used)
            readme.append(f"{name}: {table.title}")
            archive.writestr(name, "\ufeff" + table_csv(table))
        archive.writestr("README.txt", "\r\n".join(readme) + "\r\n")
    return "zip"
