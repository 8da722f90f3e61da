"""JSON: the questionnaire summary's own document, or the report's sections and tables (docs/reports.md).

Written to the file piece by piece, a table row at a time, never as one string of the whole document; the
bytes are those `json.dumps(document, indent=2, ensure_ascii=False)` gives.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

from django.core.serializers.json import DjangoJSONEncoder

from reports.document import Report
from reports.writers.common import plain, published_rows

INDENT = "  "
_ENCODER = DjangoJSONEncoder(indent=2, ensure_ascii=False)


def _rows(table, rows: list[list], keys: list[str]) -> Iterator[dict]:
    for row in rows[: len(table.rows)]:
        yield dict(zip(keys, map(plain, row), strict=False))


def _tables(section) -> Iterator[dict]:
    for table in section.tables:
        rows = published_rows(table)
        keys = [c.key for c in table.columns]
        yield {
            "key": table.key,
            "title": table.title,
            "level": table.level,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
            "rows": _rows(table, rows, keys),  # a generator: each row is made as it is written
            "total": dict(zip(keys, map(plain, rows[-1]), strict=False)) if table.total_row else None,
        }


def _sections(report: Report) -> Iterator[dict]:
    for section in report.sections:
        yield {
            "key": section.key,
            "title": section.title,
            "paragraphs": section.paragraphs,
            "tables": _tables(section),
            "free_text": [{"question": q, "answers": a} for q, a in section.free_text],
        }


def report_document(report: Report) -> dict:
    """The documented structure of a report: metadata, rule, sections with tables as lists of objects (its sections,
    tables and rows are generators, made as they are written)."""
    if report.data is not None:
        return report.data
    return {
        "kind": report.kind,
        "title": report.title,
        "generated_at": report.generated_at.isoformat(),
        "filters": dict(report.filters),
        "suppression_rule": report.rule,
        "omitted_sections": report.omitted,
        "sections": _sections(report),
    }


def _scalar(value) -> str | None:
    """A string, whole number, finite float, boolean or None as the encoder writes it (None for anything else):
    a network-wide report has close to a million of them, too many to hand to the encoder one by one."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # what the encoder uses with ensure_ascii=False
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return None


def stream(value, out, level: int = 0) -> None:
    """Write `value` as indented JSON to the text file `out`; lists may be any iterable (consumed once)."""
    scalar = _scalar(value)
    if scalar is not None:
        out.write(scalar)
    elif isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        out.write("{")
        for n, (key, item) in enumerate(value.items()):
            out.write(("," if n else "") + "\n" + INDENT * (level + 1) + _ENCODER.encode(key) + ": ")
            stream(item, out, level + 1)
        out.write("\n" + INDENT * level + "}")
    elif isinstance(value, (list, tuple)) or (isinstance(value, Iterable) and not isinstance(value, (str, dict))):
        items = iter(value)
        first = next(items, _END)
        if first is _END:
            out.write("[]")
            return
        out.write("[")
        for n, item in enumerate(itertools.chain([first], items)):
            out.write(("," if n else "") + "\n" + INDENT * (level + 1))
            stream(item, out, level + 1)
        out.write("\n" + INDENT * level + "]")
    else:
        # A leaf (or an empty dict, or one with keys json converts): encoded whole. Strings in JSON never hold a
        # raw line break, so indenting its lines is safe.
        out.write(_ENCODER.encode(value).replace("\n", "\n" + INDENT * level))


_END = object()


def write(report: Report, out) -> str:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        stream(report_document(report), text)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open
    return "json"
