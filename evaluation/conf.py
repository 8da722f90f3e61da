"""Tunables of the questionnaires app; each may be overridden in settings (see docs/questionnaires.md)."""

from django.conf import settings

# Most response rows one bulk import accepts (the header row not counted).
MAX_ROWS = getattr(settings, "EVALUATION_IMPORT_MAX_ROWS", 200_000)
# An import stops listing errors after this many (nothing is saved either way).
MAX_REPORTED_ERRORS = getattr(settings, "EVALUATION_IMPORT_MAX_ERRORS", 1000)
# Rows per page of the responses table.
RESPONSES_PER_PAGE = getattr(settings, "EVALUATION_RESPONSES_PER_PAGE", 50)
