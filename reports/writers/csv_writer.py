"""CSV: one table per file; several tables come zipped, with a README stating the rule applied.

Each table is written to its file (or its member of the zip) a row at a time, never built as one string."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile

from pilot.spreadsheets import neutralise
from reports.document import Report, Table
from reports.writers.common import plain, published_rows


def write_table(table: Table, out) -> None:
    """Write the table, with a byte order mark for spreadsheet programs, to the binary file `out`."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([neutralise(c.label) for c in table.columns])
        for row in published_rows(table):
            writer.writerow([neutralise(plain(v)) if v is not None else "" for v in row])
        text.flush()
    finally:
        text.detach()


def _filename(table: Table, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", table.key.lower()).strip("-") or "table"
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return f"{name}.csv"


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member as ZipFile.writestr makes one (its date and permissions), to be written a piece at a time."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    tables = report.tables()
    if len(tables) == 1:
        write_table(tables[0], out)
        return "csv"
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = [report.title, f"Generated {report.generated_at:%d/%m/%Y %H:%M}"]
        readme += [f"{label}: {value}" for label, value in report.filters]
        readme += ["", report.rule, ""]
        for table in tables:
            name = _filename(table, used)
            readme.append(f"{name}: {table.title}")
            with archive.open(_member(name), "w") as member:
                write_table(table, member)
        archive.writestr("README.txt", "\r\n".join(readme) + "\r\n")
    return "zip"
