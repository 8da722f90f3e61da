"""JSON and CSV are written to the file a row at a time; the bytes are those the whole-document writers gave."""

import csv
import io
import json
import zipfile

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from pilot.spreadsheets import neutralise
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.writers import write
from reports.writers.common import plain, published_rows
from reports.writers.json_writer import stream

pytestmark = pytest.mark.django_db

PILOT_YEAR = {"date_from": "2009-01-01", "date_to": "2009-12-31"}


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker):
    """Every kind built once from the demo data, written as JSON and CSV (the demo loads once for the module)."""
    from evaluation.models import Questionnaire
    from network.demo import load_demo

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_demo(out=io.StringIO())
            form_id = Questionnaire.objects.get(audience="group_members").form_id
            cases = {
                "monitoring": ("monitoring", {**PILOT_YEAR, "figures": "exact"}),
                "monitoring_published": ("monitoring", PILOT_YEAR),
                "site_progress": ("site_progress", {}),
                "evaluation_pack": ("evaluation_pack", {}),
                "questionnaire": ("questionnaire_summary", {"questionnaire": form_id, "figures": "exact"}),
                "questionnaire_by_site": ("questionnaire_summary", {"questionnaire": form_id, "by_site": True}),
            }
            built = {}
            for name, (kind, parameters) in cases.items():
                report = KINDS[kind](parameters=parameters, audience=FULL_AUDIENCE).build()
                files = {}
                for fmt in ("json", "csv"):
                    out = io.BytesIO()
                    write(report, fmt, out)  # publishes the tables once; the references below read them as written
                    files[fmt] = out.getvalue()
                built[name] = (report, files)
            transaction.set_rollback(True)
    return built


# --- the writers as they were: the whole document in memory, then written at once ----------------------------
def previous_json(report) -> bytes:
    if report.data is not None:
        document = report.data
    else:
        sections = []
        for section in report.sections:
            tables = []
            for table in section.tables:
                rows = published_rows(table)
                keys = [c.key for c in table.columns]
                tables.append(
                    {
                        "key": table.key,
                        "title": table.title,
                        "level": table.level,
                        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
                        "rows": [dict(zip(keys, map(plain, row), strict=False)) for row in rows[: len(table.rows)]],
                        "total": dict(zip(keys, map(plain, rows[-1]), strict=False)) if table.total_row else None,
                    }
                )
            sections.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "paragraphs": section.paragraphs,
                    "tables": tables,
                    "free_text": [{"question": q, "answers": a} for q, a in section.free_text],
                }
            )
        document = {
            "kind": report.kind,
            "title": report.title,
            "generated_at": report.generated_at.isoformat(),
            "filters": dict(report.filters),
            "suppression_rule": report.rule,
            "omitted_sections": report.omitted,
            "sections": sections,
        }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode("utf-8")


def previous_table_csv(table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.label) for c in table.columns])
    for row in published_rows(table):
        writer.writerow([neutralise(plain(v)) if v is not None else "" for v in row])
    return "\ufeff" + buffer.getvalue()


# --- the tests ---------------------------------------------------------------------------------------------------
ALL = ["monitoring", "monitoring_published", "site_progress", "evaluation_pack", "questionnaire"]
ALL += ["questionnaire_by_site"]


@pytest.mark.parametrize("name", ALL)
def test_streamed_json_is_byte_for_byte_the_previous_document(demo_reports, name):
    report, files = demo_reports[name]
    assert files["json"] == previous_json(report)
    assert len(files["json"]) > 1000  # a real report, not an empty document


@pytest.mark.parametrize("name", ["monitoring", "site_progress", "evaluation_pack", "questionnaire_by_site"])
def test_streamed_csv_holds_the_previous_tables_byte_for_byte(demo_reports, name):
    report, files = demo_reports[name]
    tables = report.tables()
    assert len(tables) > 1
    with zipfile.ZipFile(io.BytesIO(files["csv"])) as archive:
        names = [n for n in archive.namelist() if n != "README.txt"]
        assert len(names) == len(tables)
        for member, table in zip(names, tables, strict=True):
            assert archive.read(member) == previous_table_csv(table).encode("utf-8"), member
        assert archive.read("README.txt").decode().startswith(report.title)
        assert archive.getinfo(names[0]).external_attr == 0o600 << 16  # as ZipFile.writestr made them


def test_a_single_table_csv_is_the_previous_file():
    from datetime import datetime

    from reports.document import NUMBER, Column, Report, Section, Table

    table = Table(
        key="t",
        title="T",
        columns=[Column("name", "Name"), Column("n", "Meetings", NUMBER)],
        rows=[["=cmd", 3], ['Zoë, "quoted"\nline', None]],
    )
    section = Section("s", "S", tables=[table])
    report = Report(kind="x", title="X", generated_at=datetime(2025, 1, 1), sections=[section])
    out = io.BytesIO()
    assert write(report, "csv", out) == "csv"
    assert out.getvalue() == previous_table_csv(table).encode("utf-8")
    assert out.getvalue().startswith("\ufeff".encode()) and b"'=cmd" in out.getvalue()


def test_json_is_written_from_generators_and_matches_json_dumps():
    """Rows made on the fly (a generator) are written as the list json.dumps would write; empty ones as []."""
    from decimal import Decimal

    document = {
        "a": ({"n": i, "name": f"row {i}", "when": None} for i in range(3)),
        "empty_list": iter([]),
        "empty_dict": {},
        "numbers": {1: "one"},  # keys json converts
        "text": "line\nbreak ü",
        "money": Decimal("1.50"),
        "nested": [[], [1, [2, {"x": []}]]],
    }
    expected = {**document, "a": [{"n": i, "name": f"row {i}", "when": None} for i in range(3)], "empty_list": []}
    text = io.StringIO()
    stream(document, text)
    assert text.getvalue() == json.dumps(expected, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "value",
    ["", "plain", 'quote " and \\ backslash', "ü ∑ 😀", "\x00\x1f\u2028\u2029 controls", "line\nbreak\ttab", 0, -7,
     10**30, True, False, None, 0.1 + 0.2, -0.0, 1e-7, 1e22, 12.5, float("nan"), float("inf"), float("-inf")],
)  # fmt: skip
def test_every_scalar_is_written_as_json_dumps_writes_it(value):
    import datetime
    from decimal import Decimal

    for document in (value, [value], {"k": value, "d": datetime.date(2009, 3, 3), "m": Decimal("1.5")}):
        text = io.StringIO()
        stream(document, text)
        assert text.getvalue() == json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
