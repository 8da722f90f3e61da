"""Writers: formula injection neutralised, XLSX strings never formulas, PDF escapes text and fetches nothing."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pilot.spreadsheets import neutralise
from reports.document import COUNT, MONEY, TEXT, Column, Report, Section, Table
from reports.writers import write
from reports.writers.common import format_cell
from reports.writers.pdf_writer import STATIC_PREFIX, StaticOnlyFetcher, render_html

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"]


def _report(texts, title="Test report"):
    table = Table(
        key="t",
        title="Answers",
        columns=[Column("text", "Text", TEXT), Column("n", "Count", COUNT), Column("money", "Money", MONEY)],
        rows=[[t, 10, 1234.5] for t in texts],
    )
    second = Table(key="u", title="Other", columns=[Column("text", "Text", TEXT)], rows=[["ok"]])
    return Report(
        kind="test",
        title=title,
        generated_at=timezone.now(),
        rule="rule",
        sections=[Section("s", "Section", tables=[table, second], free_text=[("Q", ["<b>bold</b>"])])],
    )


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_starts_a_formula_is_prefixed(text):
    assert neutralise(text) == "'" + text
    assert neutralise("safe") == "safe" and neutralise(-3) == -3


def test_csv_cells_are_neutralised():
    out = io.BytesIO()
    write(_report(DANGEROUS), "csv", out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rows = list(csv.reader(io.StringIO(archive.read("t.csv").decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in DANGEROUS]


def test_xlsx_cells_are_strings_never_formulas_and_money_is_formatted():
    out = io.BytesIO()
    write(_report(DANGEROUS), "xlsx", out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["Answers"]
    for row, text in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
        # XML turns a stored carriage return into a line feed when it is read back.
        assert row[0].data_type == "s" and row[0].value == "'" + text.replace("\r", "\n")
        assert row[1].value == 10 and row[2].number_format.startswith("£")


def test_pdf_escapes_user_text_and_shows_it_literally():
    report = _report(["<script>alert(1)</script>", '<img src="http://example.com/x.png">'])
    html = render_html(report)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<img" not in html
    out = io.BytesIO()
    write(report, "pdf", out)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text


def test_pdf_fetcher_refuses_the_network_and_paths_outside_static():
    fetcher = StaticOnlyFetcher()
    for url in ["http://example.com/x.css", "file:///etc/passwd", STATIC_PREFIX + "../../pilot/settings.py"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert b"Project styles" in fetcher.fetch(STATIC_PREFIX + "css/app.css").read()


def test_money_and_percentages_are_shown_the_uk_way():
    assert format_cell(1234.5, "money") == "£1,234.50"
    assert format_cell(12.345, "percent") == "12.3%"
    assert format_cell(12345, "count") == "12,345"
    assert format_cell("*", "count") == "*"


def test_sheet_names_are_cut_at_a_word_and_unique():
    from reports.writers.common import sheet_name

    used: set[str] = set()
    first = sheet_name("Have you received treatment for alcohol or drug use?", used)
    assert first == "Have you received treatment…" and len(first) <= 31
    second = sheet_name("Have you received treatment for anything else?", used)
    assert second == "Have you received… (2)" and len(second) <= 31
    assert sheet_name("Meetings per group and month", used) == "Meetings per group and month"
