"""Reports as people read them: the questionnaire workbook's layout and the PDF's page layout, on the demo.

The PDF checks read each page's text as laid out (pdftotext from poppler-utils) and save every page as a PNG
under artifacts/reports/ (pdftoppm), to be looked at.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from pilot.roles import Role
from pilot.testing.services import require
from reports.document import COUNT, PERCENT, TEXT, Column, Report, Section, Table
from reports.kinds import FULL_AUDIENCE, KINDS, Audience
from reports.writers import write
from reports.writers.pdf_writer import render_html

pytestmark = pytest.mark.django_db(transaction=False)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
FOOTER = re.compile(r"^(Generated \d\d/\d\d/\d{4} \d\d:\d\d)?\s*(Page \d+ of \d+)?$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back at the end; yields the members' questionnaire."""
    from evaluation.models import Questionnaire
    from network.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(out=io.StringIO())
        yield Questionnaire.objects.get(audience="group_members")
        transaction.set_rollback(True)


def _bytes(report, fmt: str) -> bytes:
    out = io.BytesIO()
    write(report, fmt, out)
    return out.getvalue()


def _summary(questionnaire, audience, **parameters):
    parameters = {"questionnaire": questionnaire.form_id, **parameters}
    return KINDS["questionnaire_summary"](parameters=parameters, audience=audience).build()


# --- the questionnaire summary workbook -----------------------------------------------------------------


def test_workbook_has_a_summary_and_one_sheet_per_question_with_its_text_first(demo):
    report = _summary(demo, FULL_AUDIENCE, figures="exact")
    book = load_workbook(io.BytesIO(_bytes(report, "xlsx")))
    questions = report.data["questions"]
    assert len(questions) == 16
    assert book.sheetnames == ["About", "Summary"] + [f"Q{n:02d}" for n in range(1, 17)]
    assert book.active.title == "Summary"  # it opens on the summary
    for n, question in enumerate(questions, start=1):
        sheet = book[f"Q{n:02d}"]
        assert sheet["A1"].value == question["label"]
        assert sheet["A2"].value == f"Answered by {question['answered']} of 65 responses."
    # Columns fit their content: the longest answer of "Which of these have you used..." is not cut.
    services = book["Q14"]
    assert "Accident and Emergency department" in [c.value for c in services["A"]]
    assert services.column_dimensions["A"].width >= len("Accident and Emergency department")
    assert services["A4"].value == "Answer" and services["A4"].font.b


def test_summary_sheet_lists_every_question_in_order_with_numbers_as_numbers(demo):
    report = _summary(demo, FULL_AUDIENCE, figures="exact")
    sheet = load_workbook(io.BytesIO(_bytes(report, "xlsx")))["Summary"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "No.", "Question", "Answer", "Count", "Percent", "Valid percent", "Statistic", "Answered", "Of responses",
    ]  # fmt: skip
    rows = [list(row) for row in sheet.iter_rows(min_row=2)]
    assert [r[0].value for r in rows] == sorted(r[0].value for r in rows)  # questions in order
    assert {r[0].value for r in rows} == set(range(1, 17))  # every question, the free-text one included
    male = next(r for r in rows if r[1].value == "Are you" and r[2].value == "Male")
    assert male[3].value == 44 and male[7].value == 65 and male[8].value == 65
    assert male[4].number_format == "0.0%" and abs(male[4].value - 0.677) < 0.001
    age = {r[2].value: r[6].value for r in rows if r[0].value == 2}
    assert age == {"Mean": 47.0, "Median": 47, "Minimum": 27, "Maximum": 69}
    assert sheet.column_dimensions["B"].width >= len("Have you received treatment for alcohol or drug use?")
    free = next(r for r in rows if r[0].value == 16)
    assert free[2].value == "Written answers (listed on its sheet)" and free[3].value == free[7].value == 8


def test_free_text_question_is_counted_for_everyone_and_its_answers_shown_only_to_those_who_may_read_them(demo):
    exact = load_workbook(io.BytesIO(_bytes(_summary(demo, FULL_AUDIENCE, figures="exact"), "xlsx")))["Q16"]
    answers = [c.value for c in exact["A"][4:]]
    assert len(answers) == 8 and "The SMART Recovery group is better than AA." in answers
    observer = _summary(demo, Audience(role=Role.OBSERVER))
    book = load_workbook(io.BytesIO(_bytes(observer, "xlsx")))
    sheet = book["Q16"]
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert sheet["A1"].value.startswith("Is there anything else")
    assert any(str(t).startswith("Written answers: 10.") for t in texts)  # 8 published as the nearest 5
    assert not any("better than AA" in str(t) for t in texts)
    assert not any("better than AA" in str(c.value) for s in book for row in s.iter_rows() for c in row)
    # Published figures stay as published: a hidden count is the string "*", never a number.
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows(min_row=2)]
    assert any(row[3] == "*" for row in summary)


# --- the PDF ------------------------------------------------------------------------------------------


def _pages(pdf: bytes, name: str) -> list[list[str]]:
    """Each page's lines as laid out, without the running header and footer; saves PNGs of the pages."""
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()  # pages of an earlier, longer run
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / name)], check=True)
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout,
        ).group(1)
    )  # noqa: E501
    pages = []
    for n in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        lines = [" ".join(line.split()) for line in out.splitlines()]
        pages.append([line for line in lines if line and not FOOTER.match(line)])
    return pages


def _headings(report: Report) -> list[str]:
    page = render_html(report)
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)
    found += re.findall(r'class="chart-title"[^>]*>(.*?)</text>', page, re.S)
    return [" ".join(html.unescape(h).split()) for h in found]


def _assert_no_page_ends_with_a_heading(report: Report, pages: list[list[str]]) -> None:
    headings = _headings(report)
    header = " · ".join([report.title] + [f"{label}: {value}" for label, value in report.filters])
    for number, lines in enumerate(pages, start=1):
        body = [line for line in lines if line != header]
        assert body, f"page {number} is empty"
        last = body[-1]
        assert not any(last == h or (len(last) > 12 and h.startswith(last)) for h in headings), (
            f"page {number} ends with the heading {last!r}"
        )


def _assert_every_chart_titled(report: Report, pages: list[list[str]]) -> None:
    page = render_html(report)
    charts = page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    assert charts > 0
    text = "\n".join(line for lines in pages for line in lines)
    for n in range(1, charts + 1):
        assert re.search(rf"^Chart {n}\. .+ by ", text, re.M), f"chart {n} has no title"
    # Both axes are labelled: the value axis under the plot, the category axis beside it.
    assert len(re.findall(r'text-anchor="middle" transform="rotate\(-90', page)) == charts
    assert page.count('class="chart-title"') == charts


@pytest.mark.parametrize("audience", ["coordinator", "observer"])
def test_evaluation_pack_pdf_keeps_headings_with_their_content_and_titles_every_chart(demo, audience):
    who = FULL_AUDIENCE if audience == "coordinator" else Audience(role=Role.OBSERVER)
    report = KINDS["evaluation_pack"](parameters={}, audience=who).build()
    pages = _pages(_bytes(report, "pdf"), f"evaluation-pack-{audience}")
    _assert_no_page_ends_with_a_heading(report, pages)
    _assert_every_chart_titled(report, pages)
    # The title once on page 1 (the running header starts on page 2); a contents list with page numbers.
    assert sum(line.count("Evaluation pack") for line in pages[0]) == 1
    assert all(any(line.startswith("Evaluation pack · ") for line in page) for page in pages[1:])
    contents = [line for line in pages[0] if re.match(r"^\d+\. .+\.{3,} ?\d+$", line)]
    assert [re.sub(r"\.{3,}.*", "", c).strip(". ") for c in contents] == [
        "1. The network at a glance", "2. Planning and delivery", "3. Training", "4. Profile of group members",
        "5. Variations between sites", "6. Facilitator support", "7. Referral pathways",
        "8. Steering committee actions", "9. After the funding", "10. Appendix: codebook",
    ]  # fmt: skip
    # A section heading is on the page its contents list says, and on the same page as what follows it.
    for line in contents:
        heading, page_number = re.sub(r"\.{3,}.*", "", line).strip(". "), int(line.rsplit(" ", 1)[-1].strip("."))
        lines = pages[page_number - 1]
        at = lines.index(heading)
        assert at + 1 < len(lines), f"{heading} ends page {page_number}"
    variations = next(p for p in pages if "5. Variations between sites" in p)
    assert any(line.startswith("Chart ") and "Variations between sites" in line for line in variations)
    assert any(line.startswith("Birmingham and Solihull") and "," in line for line in variations)  # the table


def test_questionnaire_summary_pdf_lists_the_free_text_question_and_keeps_each_chart_with_its_table(demo):
    report = _summary(demo, Audience(role=Role.OBSERVER))
    pages = _pages(_bytes(report, "pdf"), "questionnaire-summary-observer")
    _assert_no_page_ends_with_a_heading(report, pages)
    _assert_every_chart_titled(report, pages)
    text = "\n".join("\n".join(p) for p in pages)
    assert "Is there anything else you would like to tell us about SMART Recovery?" in text
    assert "Written answers: 10; they appear only in" in text
    # Each chart is on the same page as its table's header row and the table's note.
    for lines in pages:
        for n, line in enumerate(lines):
            if line.startswith("Chart "):
                rest = lines[n + 1 :]
                assert any(r.startswith("Answer Count Percent Valid percent") for r in rest), line
                assert any(r.startswith("Answered by ") for r in rest), line


def test_a_heading_is_never_left_at_a_page_foot_whatever_the_table_lengths():
    """Sections of every length from 1 to 40 rows: some heading would fall at a page foot without the rules."""
    sections = []
    for n in range(1, 41):
        table = Table(
            key=f"t{n}",
            title=f"Table of {n} rows",
            columns=[Column("what", "What", TEXT), Column("n", "People", COUNT), Column("p", "Share", PERCENT)],
            rows=[[f"Row {i} of table {n}", 10 + i, 50.0] for i in range(n)],
            chart=("what", "n") if n < 12 else None,
        )
        sections.append(Section(f"s{n}", f"Section with {n} rows", paragraphs=["A paragraph."], tables=[table]))
    report = Report(kind="test", title="Layout test", generated_at=timezone.now(), rule="rule", sections=sections)
    from pilot.disclosure import EXACT

    report.disclosure = EXACT
    pages = _pages(_bytes(report, "pdf"), "layout-test")
    assert len(pages) > 5
    _assert_no_page_ends_with_a_heading(report, pages)
    _assert_every_chart_titled(report, pages)
    for lines in pages:  # a table of up to 30 rows is never split: its last row is on its heading's page
        for line in lines:
            match = re.match(r"^\d+\. Section with (\d+) rows$", line)
            if match and int(match.group(1)) <= 30:
                rows = int(match.group(1))
                assert any(r.startswith(f"Row {rows - 1} of table {rows} ") for r in lines), line


def test_pdf_chart_labels_are_whole_and_wrapped_not_cut():
    from reports.charts import bar_chart

    long = "Accident and Emergency department of the local general hospital"
    table = Table(
        key="t", title="Services", columns=[Column("s", "Service", TEXT), Column("n", "Count", COUNT)],
        rows=[[long, 12], ["GP", 20]], chart=("s", "n"), published=True,
    )  # fmt: skip
    chart = bar_chart(table, number=3)
    assert chart["title"] == "Chart 3. Services: count by service"
    assert " ".join(line["text"] for line in chart["bars"][0]["lines"]) == long
    assert [t["label"] for t in chart["ticks"]] == ["0", "5", "10", "15", "20"]


def test_site_progress_pdf_keeps_headings_with_their_content(demo):
    report = KINDS["site_progress"](parameters={}, audience=FULL_AUDIENCE).build()
    pages = _pages(_bytes(report, "pdf"), "site-progress-coordinator")
    _assert_no_page_ends_with_a_heading(report, pages)
    assert sum(line.count("Site progress report") for line in pages[0]) == 1


def test_every_question_type_has_its_sheet_and_summary_rows(world):
    """The small form has every type: select one and many, integer, decimal, date and text."""
    import datetime
    from decimal import Decimal

    from evaluation.services import response_create

    answers = {"gender": "male", "age": Decimal(47), "previous": "yes", "which": ["aa", "nhs"],
               "units": Decimal("2.5"), "comments": "Helpful."}  # fmt: skip
    for n in range(3):
        values = {**answers, "first_meeting": datetime.date(2009, 9, 8 + n)}
        response_create(round=world["members_a"], values=values, submitted_on=datetime.date(2009, 10, 12))
    report = _summary(world["members"], FULL_AUDIENCE, figures="exact")
    book = load_workbook(io.BytesIO(_bytes(report, "xlsx")))
    labels = [q["label"] for q in report.data["questions"]]
    assert book.sheetnames[2:] == [f"Q{n:02d}" for n in range(1, len(labels) + 1)]
    assert [book[f"Q{n:02d}"]["A1"].value for n in range(1, len(labels) + 1)] == labels
    date_sheet = book[f"Q{labels.index('Date of your first meeting') + 1:02d}"]
    assert [c.value for c in date_sheet[4]] == ["Answered", "Earliest", "Latest"]
    assert [c.value for c in date_sheet[5]][1:] == [datetime.datetime(2009, 9, 8), datetime.datetime(2009, 9, 10)]
    assert date_sheet["B5"].number_format == "DD/MM/YYYY"
    units = book[f"Q{labels.index('Units a week') + 1:02d}"]
    assert [c.value for c in units[4]][:2] == ["Answered", "Mean"] and units["B5"].value == 2.5
    rows = [[c.value for c in row] for row in book["Summary"].iter_rows(min_row=2)]
    assert sorted({r[0] for r in rows}) == list(range(1, len(labels) + 1))
    # The PDF lists the date question too, with its earliest and latest answers.
    assert any(t.title == "Date of your first meeting" for t in report.tables())
