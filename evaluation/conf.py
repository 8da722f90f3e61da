"""Tunables of the questionnaires app; each may be overridden in settings (see docs/questionnaires.md)."""

from django.conf import settings

# Most response rows one bulk import accepts (the header row not counted).
MAX_ROWS = getattr(settings, "EVALUATION_IMPORT_MAX_ROWS", 200_000)
# An import stops listing errors after this many (nothing is saved either way).
MAX_REPORTED_ERRORS = getattr(settings, "EVALUATION_IMPORT_MAX_ERRORS", 1000)
# Rows per page of the responses table.
RESPONSES_PER_PAGE = getattr(settings, "EVALUATION_RESPONSES_PER_PAGE", 50)


# XLSForm uploads: read at call time, so that override_settings works in tests.


def xlsform_max_unpacked_bytes() -> int:
    """Largest total size of an XLSForm workbook's parts once unzipped."""
    return int(getattr(settings, "EVALUATION_XLSFORM_MAX_UNPACKED_BYTES", 50 * 1024 * 1024))


def xlsform_max_cells() -> int:
    """Most filled cells in an XLSForm workbook, all sheets together."""
    return int(getattr(settings, "EVALUATION_XLSFORM_MAX_CELLS", 200_000))


def xlsform_max_rows() -> int:
    """Most rows one sheet of an XLSForm may reach."""
    return int(getattr(settings, "EVALUATION_XLSFORM_MAX_ROWS", 50_000))


def xlsform_max_columns() -> int:
    """Most columns one sheet of an XLSForm may reach."""
    return int(getattr(settings, "EVALUATION_XLSFORM_MAX_COLUMNS", 100))


def xlsform_background_cells() -> int:
    """Workbooks with more filled cells than this are parsed by the worker, not the web process."""
    return int(getattr(settings, "EVALUATION_XLSFORM_BACKGROUND_CELLS", 15_000))
