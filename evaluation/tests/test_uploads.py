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
