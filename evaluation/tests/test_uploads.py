"""pilot/uploads.check_upload: size first, extension and magic bytes agree, zip bombs refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.tests.factories import xlsform_bytes
from pilot.uploads import check_upload


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_real_workbook_is_xlsx():
    assert check_upload(upload("form.xlsx", xlsform_bytes()), allowed={"xlsx", "csv"}) == "xlsx"


def test_text_is_csv_with_or_without_bom():
    assert check_upload(upload("a.csv", b"gender,age\nmale,40\n"), allowed={"csv"}) == "csv"
    assert check_upload(upload("a.CSV", b"\xef\xbb\xbfgender\n"), allowed={"csv"}) == "csv"


def test_too_large_is_refused_before_reading(settings):
    settings.PILOT_UPLOAD_MAX_BYTES = 100

    class Exploding(io.BytesIO):
        name = "big.csv"
        size = 101

        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(ValidationError, match="too large"):
        check_upload(Exploding(), allowed={"csv"})


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        check_upload(upload("a.csv", b""), allowed={"csv"})


def test_extension_must_be_allowed():
    with pytest.raises(ValidationError, match="not accepted"):
        check_upload(upload("a.exe", b"MZ\x90"), allowed={"csv", "xlsx"})
    with pytest.raises(ValidationError, match="not accepted"):
        check_upload(upload("a.csv", b"a,b\n"), allowed={"xlsx"})


def test_xlsx_name_on_text_is_refused():
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        check_upload(upload("a.xlsx", b"gender,age\n"), allowed={"xlsx"})


def test_csv_name_on_workbook_or_binary_is_refused():
    with pytest.raises(ValidationError, match="is an Excel workbook"):
        check_upload(upload("a.csv", xlsform_bytes()), allowed={"csv"})
    with pytest.raises(ValidationError, match="not text"):
        check_upload(upload("a.csv", b"abc\x00def"), allowed={"csv"})


def test_damaged_zip_is_refused():
    with pytest.raises(ValidationError, match="damaged"):
        check_upload(upload("a.xlsx", b"PK\x03\x04" + b"\x00" * 50), allowed={"xlsx"})


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        check_upload(upload("a.xlsx", buffer.getvalue()), allowed={"xlsx"})


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on disk, huge unpacked
    with pytest.raises(ValidationError, match="implausible size"):
        check_upload(upload("bomb.xlsx", data), allowed={"xlsx"})


def test_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(600):
            archive.writestr(f"x/{n}.xml", "")
    with pytest.raises(ValidationError, match="number of parts"):
        check_upload(upload("many.xlsx", buffer.getvalue()), allowed={"xlsx"})


def test_xml_entity_expansion_is_disarmed():
    import xml.etree.ElementTree as ET

    import pilot.uploads  # noqa: F401  (defuses the stdlib parsers on import)

    bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>'
    with pytest.raises(Exception, match="(?i)entit"):
        ET.fromstring(bomb)


# --- check_workbook_extent / count_workbook_cells: how much a workbook holds, counted before loading ----------

LIMITS = {"max_unpacked_bytes": 10 * 1024 * 1024, "max_cells": 1000, "max_rows": 500, "max_columns": 20}


def workbook(fill) -> bytes:
    """An openpyxl workbook as bytes; fill(sheet) writes its first sheet (named 'survey')."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "survey"
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, part: str, xml: bytes) -> bytes:
    """The same workbook with one part replaced by hand-written XML."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, xml if info.filename == part else source.read(info.filename))
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def extent(data, **limits):
    from pilot.uploads import check_workbook_extent

    return check_workbook_extent(io.BytesIO(data), **{**LIMITS, **limits})


def test_extent_counts_cells_rows_and_columns_of_each_named_sheet():
    from openpyxl import load_workbook

    data = xlsform_bytes()
    found = {s.name: (s.cells, s.rows, s.columns) for s in extent(data).sheets}
    book = load_workbook(io.BytesIO(data))
    expected = {ws.title: (len(ws._cells), ws.max_row, ws.max_column) for ws in book.worksheets}
    assert found == expected


def test_a_far_away_cell_in_a_tiny_file_is_refused_by_its_row_and_column():
    def far(sheet):
        sheet["A1"] = "type"
        sheet.cell(row=1_048_576, column=3, value="x")

    data = workbook(far)
    assert len(data) < 10_000
    with pytest.raises(ValidationError, match=r"The sheet 'survey' reaches row 1,048,576; at most 500 rows"):
        extent(data)

    def wide(sheet):
        sheet.cell(row=1, column=16_384, value="x")

    with pytest.raises(ValidationError, match=r"reaches column 16,384; at most 20 columns"):
        extent(workbook(wide))


def test_a_dimension_that_claims_a_huge_sheet_is_refused():
    xml = (
        b'<worksheet %s><dimension ref="A1:XFD3"/><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData></worksheet>' % MAIN
    )
    with pytest.raises(ValidationError, match="reaches column 16,384"):
        extent(rezip(workbook(lambda s: s.append(["a"])), SHEET, xml))


def test_cells_without_references_and_with_prefixes_are_placed_as_readers_place_them():
    cells = b"".join(b"<x:c><x:v>1</x:v></x:c>" for _ in range(30))
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        b'<x:row>%s</x:row><x:row r="9"><x:c r="B9"/></x:row></x:sheetData></x:worksheet>' % cells
    )
    data = rezip(workbook(lambda s: s.append(["a"])), SHEET, xml)
    with pytest.raises(ValidationError, match="reaches column 21; at most 20 columns"):
        extent(data)  # counting stops at the first cell past the limit
    sheet = extent(data, max_columns=30).sheets[0]
    assert (sheet.cells, sheet.rows, sheet.columns) == (31, 9, 30)


def test_too_many_cells_are_refused_by_the_quick_count_and_the_exact_one():
    from pilot.uploads import count_workbook_cells

    def many(sheet):
        for n in range(60):
            sheet.append([n] * 20)

    data = workbook(many)
    assert (
        count_workbook_cells(io.BytesIO(data), max_unpacked_bytes=LIMITS["max_unpacked_bytes"], max_cells=1200) == 1200
    )
    for check in (
        lambda: count_workbook_cells(io.BytesIO(data), max_unpacked_bytes=10**7, max_cells=1000, what="XLSForm"),
        lambda: extent(data),
    ):
        with pytest.raises(ValidationError, match="more than 1,000 filled cells"):
            check()


def test_unpacked_size_over_the_callers_limit_is_refused():
    with pytest.raises(
        ValidationError, match=r"This XLSForm unpacks to [\d,]+ bytes; the most accepted is 1,000 bytes"
    ):
        extent(xlsform_bytes(), max_unpacked_bytes=1000, what="XLSForm")


def test_entity_declarations_are_refused_before_any_reader_sees_them():
    xml = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet %s><sheetData/></worksheet>' % MAIN
    with pytest.raises(ValidationError, match="declares XML entities"):
        extent(rezip(xlsform_bytes(), SHEET, xml))


def test_parts_that_are_not_xml_are_skipped():
    source, buffer = zipfile.ZipFile(io.BytesIO(xlsform_bytes())), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info.filename))
        out.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n<c r='XFD1'>")
    data = buffer.getvalue()
    assert extent(data).cells == extent(xlsform_bytes()).cells
