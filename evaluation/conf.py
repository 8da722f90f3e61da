"""Tunables of the questionnaires app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def import_max_rows() -> int:
    """Most response rows one bulk import accepts (the header row not counted)."""
    return setting("EVALUATION_IMPORT_MAX_ROWS")


def import_max_errors() -> int:
    """An import stops listing errors after this many (nothing is saved either way)."""
    return setting("EVALUATION_IMPORT_MAX_ERRORS")


def responses_per_page() -> int:
    return setting("EVALUATION_RESPONSES_PER_PAGE")


def xlsform_max_unpacked_bytes() -> int:
    """Largest total size of an XLSForm workbook's parts once unzipped."""
    return setting("EVALUATION_XLSFORM_MAX_UNPACKED_BYTES")


def xlsform_max_cells() -> int:
    """Most filled cells in an XLSForm workbook, all sheets together."""
    return setting("EVALUATION_XLSFORM_MAX_CELLS")


def xlsform_max_rows() -> int:
    """Most rows one sheet of an XLSForm may reach."""
    return setting("EVALUATION_XLSFORM_MAX_ROWS")


def xlsform_max_columns() -> int:
    """Most columns one sheet of an XLSForm may reach."""
    return setting("EVALUATION_XLSFORM_MAX_COLUMNS")


def xlsform_background_cells() -> int:
    """Workbooks with more filled cells than this are parsed by the worker, not the web process."""
    return setting("EVALUATION_XLSFORM_BACKGROUND_CELLS")


def pending_upload_hours() -> int:
    """Hours a checked file of responses awaiting confirmation is kept before it is deleted."""
    return setting("EVALUATION_PENDING_UPLOAD_HOURS")


def retain_qualitative_notes_months() -> int:
    """Months after its date before a qualitative note (and its passages) is deleted."""
    return setting("EVALUATION_RETAIN_QUALITATIVE_NOTES_MONTHS")


def import_background_bytes() -> int:
    """Files of responses larger than this are checked and imported by the worker."""
    return setting("EVALUATION_IMPORT_BACKGROUND_BYTES")


def export_background_rows() -> int:
    """Exports of more responses than this are written by the worker."""
    return setting("EVALUATION_EXPORT_BACKGROUND_ROWS")


def job_file_days() -> int:
    """Days a background job's stored file is kept."""
    return setting("EVALUATION_JOB_FILE_DAYS")


def import_max_bytes() -> int:
    """Largest file of responses accepted (the worker reads large ones); others keep PILOT_UPLOAD_MAX_BYTES."""
    return setting("EVALUATION_IMPORT_MAX_BYTES")


def import_table_check_responses() -> int:
    """Imports of at least this many responses check the answers' foreign keys once, over the whole table."""
    return setting("EVALUATION_IMPORT_TABLE_CHECK_RESPONSES")
