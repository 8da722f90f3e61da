"""Shared checks for uploaded spreadsheets, run before anything parses them.

    kind = check_upload(request.FILES["file"], allowed={"xlsx", "csv"})

The size is checked first (settings.PILOT_UPLOAD_MAX_BYTES), then the name's
extension must agree with the first bytes (an XLSX is a zip; a CSV is text with
no NUL byte), then an XLSX's zip directory must look like a spreadsheet and not
a zip bomb. XML inside workbooks is read with defusedxml's protections on.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import PurePath

import defusedxml
from django.conf import settings
from django.core.exceptions import ValidationError

# Refuse entity-expansion and external-entity tricks in every stdlib XML parser
# (openpyxl also uses defusedxml by itself when it is installed).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # defusedxml's own cElementTree shim
    defusedxml.defuse_stdlib()

XLSX_MAGIC = b"PK\x03\x04"
# A plausible workbook: no more than this many members, this much unpacked, this ratio.
MAX_ZIP_MEMBERS = 500
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small workbooks may compress well; the ratio matters only once the unpacked size is large.
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
KINDS = {"xlsx": ".xlsx", "csv": ".csv"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "PILOT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _head(uploaded_file, n: int = 8192) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(n)
    uploaded_file.seek(0)
    return head or b""


def check_upload(uploaded_file, *, allowed: set[str]) -> str:
    """Validate an uploaded file before parsing; return its kind ("xlsx" or "csv") or raise ValidationError."""
    limit = max_upload_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    if size > limit:
        raise ValidationError(f"The file is too large ({_human(size)}); the limit is {_human(limit)}.")
    if size == 0:
        raise ValidationError("The file is empty.")
    name = getattr(uploaded_file, "name", "") or ""
    extension = PurePath(name).suffix.lower()
    kind = next((k for k, ext in KINDS.items() if ext == extension), None)
    wanted = " or ".join(f"{KINDS[k]}" for k in sorted(allowed))
    if kind is None or kind not in allowed:
        raise ValidationError(f"Upload a {wanted} file; {extension or 'a file without an extension'} is not accepted.")
    head = _head(uploaded_file)
    if kind == "xlsx":
        if not head.startswith(XLSX_MAGIC):
            raise ValidationError("This file is named .xlsx but is not an Excel workbook.")
        _check_zip(uploaded_file)
    else:
        if head.startswith(XLSX_MAGIC):
            raise ValidationError("This file is named .csv but is an Excel workbook; save it as .xlsx or as CSV.")
        if b"\x00" in head:
            raise ValidationError("This file is named .csv but is not text (it contains binary data).")
    uploaded_file.seek(0)
    return kind


def _check_zip(uploaded_file) -> None:
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError("This Excel workbook is damaged and cannot be opened.") from exc
    finally:
        uploaded_file.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError("This workbook has an implausible number of parts; it was refused as unsafe.")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNCOMPRESSED_BYTES or (
        unpacked > RATIO_CHECK_FROM_BYTES and unpacked / packed > MAX_COMPRESSION_RATIO
    ):
        raise ValidationError("This workbook would unpack to an implausible size; it was refused as unsafe.")
    if not any(m.filename == "[Content_Types].xml" for m in members):
        raise ValidationError("This zip file is not an Excel workbook.")
