"""Shared checks for uploaded spreadsheets, run before anything parses them.

    kind = check_upload(request.FILES["file"], allowed={"xlsx", "csv"})

The size is checked first (PILOT_UPLOAD_MAX_BYTES), then the name's
extension must agree with the first bytes (an XLSX is a zip; a CSV is text with
no NUL byte), then an XLSX's zip directory must look like a spreadsheet and not
a zip bomb. XML inside workbooks is read with defusedxml's protections on.

`check_workbook_extent()` goes further for workbooks that will be loaded whole: it
streams every part of the zip once, counting cells and the rows and columns they
(and each sheet's <dimension>) reach, and refuses what is over the caller's limits
before openpyxl or pyxform spends time or memory on it.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.parsers import expat

import defusedxml
from django.core.exceptions import ValidationError

from pilot import conf

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
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def max_upload_bytes() -> int:
    return conf.upload_max_bytes()


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _head(uploaded_file, n: int = 8192) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(n)
    uploaded_file.seek(0)
    return head or b""


def check_upload(uploaded_file, *, allowed: set[str], max_bytes: int | None = None) -> str:
    """Validate an uploaded file before parsing; return its kind ("xlsx" or "csv") or raise ValidationError.

    `max_bytes` replaces PILOT_UPLOAD_MAX_BYTES for a caller that reads large files in the background.
    """
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
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
        if b"\x00" in head and not head.startswith(UTF16_BOMS):  # UTF-16 text (Excel's "Unicode text") has NULs
            if _looks_like_utf16(head):
                raise ValidationError("This file is UTF-16 text without a byte-order mark; save it as CSV UTF-8.")
            raise ValidationError("This file is named .csv but is not text (it contains binary data).")
    uploaded_file.seek(0)
    return kind


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-ASCII UTF-16: every other byte is NUL."""
    pairs = head[: len(head) // 2 * 2]
    return len(pairs) >= 4 and (pairs[0::2].count(0) == len(pairs) // 2 or pairs[1::2].count(0) == len(pairs) // 2)


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


# --- what a workbook holds, counted before anything loads it -----------------------------------------

SHEET_RELATIONSHIP = "/worksheet"
CELL_REF = re.compile(r"([A-Za-z]{1,10})([0-9]{1,12})")
# A cell's start tag, with any namespace prefix; comments could only make a count larger.
CELL_TAG = re.compile(rb"<(?:[^\s/>:!?<]+:)?c[\s/>]")
CHUNK = 256 * 1024


@dataclass
class SheetExtent:
    """One worksheet part: how many cells it holds and how far its rows and columns reach."""

    part: str
    name: str = ""
    cells: int = 0
    rows: int = 0
    columns: int = 0

    @property
    def label(self) -> str:
        return f"the sheet '{self.name}'" if self.name else f"the part {self.part}"


@dataclass
class WorkbookExtent:
    unpacked_bytes: int = 0
    sheets: list[SheetExtent] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets)


@dataclass
class _Limits:
    cells: int  # counts down as cells are seen
    rows: int
    columns: int


class _Over(Exception):
    """A limit was passed while counting; stop reading."""


class _Unsafe(Exception):
    """An XML entity declaration: never in a real workbook."""


@functools.lru_cache(maxsize=4096)
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _ref(text: str) -> tuple[int, int] | None:
    """(row, column) of a reference such as H120, or None."""
    match = CELL_REF.fullmatch(text or "")
    return (int(match.group(2)), _column_number(match.group(1))) if match else None


class _SheetCounter:
    """Counts cells, rows and columns from expat's start-element events, placing cells as readers do."""

    def __init__(self, extent: SheetExtent, limits: _Limits):
        self.extent, self.limits = extent, limits
        self.row = 0
        self.column = 0

    def start(self, name: str, attrs: dict) -> None:
        # Names arrive as "namespace local"; most elements are <v> and <t>: let them through quickly.
        if name[-2:] == " c" or name == "c":
            ref = attrs.get("r")
            if ref and (match := CELL_REF.fullmatch(ref)):
                self.column = _column_number(match.group(1))
                self.row = max(self.row, int(match.group(2)))
            else:
                self.column += 1  # a cell without a reference sits after the previous one
            self.extent.cells += 1
            self.limits.cells -= 1
        elif name[-4:] == " row" or name == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() and len(number) < 13 else self.row + 1
            self.column = 0
        elif name[-10:] == " dimension" or name == "dimension":
            last = _ref((attrs.get("ref", "") or "").split(":")[-1])
            if last:
                self.extent.rows = max(self.extent.rows, last[0])
                self.extent.columns = max(self.extent.columns, last[1])
        else:
            return
        extent, limits = self.extent, self.limits
        if self.row > extent.rows:
            extent.rows = self.row
        if self.column > extent.columns:
            extent.columns = self.column
        if extent.rows > limits.rows or extent.columns > limits.columns or limits.cells < 0:
            raise _Over


def _refuse_entities(*args):
    raise _Unsafe


def _xml_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A member's bytes in chunks, or nothing if it is not XML at all (an image, say)."""
    with archive.open(info) as stream:
        chunk = stream.read(CHUNK)
        if not chunk.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"<"):
            return
        while chunk:
            yield chunk
            chunk = stream.read(CHUNK)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from xl/workbook.xml and its relationships (empty if unreadable)."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ValueError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {}
    for rel in rels:
        if rel.get("Type", "").endswith(SHEET_RELATIONSHIP):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id")] = part
    names = {}
    for element in workbook.iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if rid in targets:
                names[targets[rid]] = element.get("name", "")
    return names


def _open_members(uploaded_file, *, max_unpacked_bytes: int, what: str):
    """(archive, members) after the unpacked-size check; the caller closes the archive."""
    archive = zipfile.ZipFile(uploaded_file)
    members = [m for m in archive.infolist() if not m.is_dir()]
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked_bytes:
        archive.close()
        raise ValidationError(
            f"This {what} unpacks to {_human(unpacked)}; the most accepted is {_human(max_unpacked_bytes)}."
        )
    return archive, members, unpacked


DAMAGED = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError)


def count_workbook_cells(uploaded_file, *, max_unpacked_bytes: int, max_cells: int, what: str = "workbook") -> int:
    """A quick upper bound of a workbook's filled cells (their tags, counted in C), refused over max_cells.

    Cheap enough for the web process to decide what to do with an upload; check_workbook_extent()
    is the exact count, run just before a reader loads the workbook.
    """
    uploaded_file.seek(0)
    cells = 0
    try:
        archive, members, _ = _open_members(uploaded_file, max_unpacked_bytes=max_unpacked_bytes, what=what)
        with archive:
            for info in members:
                tail = b""
                for chunk in _xml_chunks(archive, info):
                    data = tail + chunk
                    cut = max(data.rfind(b"<"), 0)  # a tag never spans a cut made just before '<'
                    cells += len(CELL_TAG.findall(data, 0, cut))
                    tail = data[cut:]
                    if cells > max_cells:
                        _refuse_if_over(WorkbookExtent(), what=what, max_cells=max_cells, cells=cells)
                cells += len(CELL_TAG.findall(tail))
    except DAMAGED as exc:
        raise ValidationError("This Excel workbook is damaged and cannot be opened.") from exc
    finally:
        uploaded_file.seek(0)
    _refuse_if_over(WorkbookExtent(), what=what, max_cells=max_cells, cells=cells)
    return cells


def check_workbook_extent(
    uploaded_file, *, max_unpacked_bytes: int, max_cells: int, max_rows: int, max_columns: int, what: str = "workbook"
) -> WorkbookExtent:
    """Count a workbook's cells exactly (streaming every part once) and refuse it if it is over a limit.

    Rows and columns are those the cells reach or a sheet's <dimension> claims, whichever is further:
    readers size their loops by both. Counting stops at the first limit passed. Run check_upload() first.
    """
    extent = WorkbookExtent()
    limits = _Limits(cells=max_cells, rows=max_rows, columns=max_columns)
    uploaded_file.seek(0)
    try:
        archive, members, extent.unpacked_bytes = _open_members(
            uploaded_file, max_unpacked_bytes=max_unpacked_bytes, what=what
        )
        with archive:
            names = _sheet_names(archive)
            for info in members:
                sheet = SheetExtent(part=info.filename, name=names.get(info.filename, ""))
                extent.sheets.append(sheet)
                parser = expat.ParserCreate(namespace_separator=" ")
                parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
                parser.EntityDeclHandler = _refuse_entities
                parser.StartElementHandler = _SheetCounter(sheet, limits).start
                try:
                    for chunk in _xml_chunks(archive, info):
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
                except _Over:
                    break
                except expat.ExpatError:
                    continue  # a reader could not parse this part either; it will say so
    except _Unsafe as exc:
        raise ValidationError(f"This {what} declares XML entities; it was refused as unsafe.") from exc
    except DAMAGED as exc:
        raise ValidationError("This Excel workbook is damaged and cannot be opened.") from exc
    finally:
        uploaded_file.seek(0)
    extent.sheets = [s for s in extent.sheets if s.cells or s.rows or s.columns]
    _refuse_if_over(extent, what=what, max_cells=max_cells, max_rows=max_rows, max_columns=max_columns)
    return extent


def _refuse_if_over(
    extent: WorkbookExtent, *, what: str, max_cells: int, max_rows: int = 0, max_columns: int = 0, cells: int = 0
) -> None:
    for sheet in extent.sheets:
        label = sheet.label[0].upper() + sheet.label[1:]
        if sheet.rows > max_rows:
            raise ValidationError(f"{label} reaches row {sheet.rows:,}; at most {max_rows:,} rows are accepted.")
        if sheet.columns > max_columns:
            raise ValidationError(
                f"{label} reaches column {sheet.columns:,}; at most {max_columns:,} columns are accepted."
            )
    if max(extent.cells, cells) > max_cells:
        raise ValidationError(
            f"This {what} has more than {max_cells:,} filled cells, the most accepted; remove unused sheets or "
            "split it."
        )
