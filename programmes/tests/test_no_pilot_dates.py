"""The pilot's dates belong to the demo data: no code, template or setting of the product names a day of it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A year of the pilot written as part of a date or a period: 2009-10-31, 31/10/2009, date(2009, 10, 31),
# "March 2010", 2008–2010, "2009q4".
PILOT_DATE = re.compile(
    r"(?<![\d.])(2008|2009|2010)(?:[-/]\d|, ?\d|q\d|\s*(?:–|-|&ndash;)\s*20\d\d)"
    r"|\d{1,2}/\d{1,2}/(2008|2009|2010)\b"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(2008|2009|2010)"
)
# Where the pilot may be named: its demo data and the tests that load it, migrations, the benchmark's data.
ALLOWED = ("/tests/", "/migrations/", "demo", "/bench/", "/node_modules/", "/.venv/", "/static/vendor/")


def _product_files():
    for path in ROOT.rglob("*"):
        relative = "/" + path.relative_to(ROOT).as_posix()
        if path.suffix in (".py", ".html", ".txt", ".js", ".css") and not any(a in relative for a in ALLOWED):
            yield relative, path


def _hits(text: str) -> list[str]:
    return [m.group(0) for m in PILOT_DATE.finditer(text)]


def test_no_product_file_names_a_date_of_the_pilot():
    found = [f"{relative}: {hit}" for relative, path in _product_files() for hit in _hits(path.read_text())]
    assert found == []


def test_the_search_finds_the_dates_it_is_meant_to_find():
    text = 'date(2008, 4, 1) "2009-10-31" 31/03/2010 "March 2010" 2008–2010 "2009q4" BUDGET_END'
    assert _hits(text) == ["2008, 4", "2009-1", "31/03/2010", "March 2010", "2008–2010", "2009q4"]
    assert _hits("version 2.2009 and 12009 and 20091 and 2026-11-30") == []
