"""JSON: the questionnaire summary's own document, or the report's sections and tables (docs/reports.md)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder

from reports.document import Report
from reports.writers.common import plain, published_rows


def report_dict(report: Report) -> dict:
    """The documented structure of a report: metadata, rule, sections with tables as lists of objects."""
    if report.data is not None:
        return report.data
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
    return {
        "kind": report.kind,
        "title": report.title,
        "generated_at": report.generated_at.isoformat(),
        "filters": dict(report.filters),
        "suppression_rule": report.rule,
        "omitted_sections": report.omitted,
        "sections": sections,
    }


def write(report: Report, out) -> str:
    out.write(json.dumps(report_dict(report), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode("utf-8"))
    return "json"
