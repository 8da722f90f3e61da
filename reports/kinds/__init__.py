"""The report kinds, by the name used in URLs, the CLI and ReportRequest.kind."""

from __future__ import annotations

from reports.kinds.base import FULL_AUDIENCE, Audience, BaseReportKind, audience_for
from reports.kinds.evaluation_pack import EvaluationPackReport
from reports.kinds.monitoring import MonitoringReport
from reports.kinds.questionnaire import QuestionnaireSummaryReport
from reports.kinds.site_progress import SiteProgressReport

KINDS: dict[str, type[BaseReportKind]] = {
    cls.kind: cls for cls in (QuestionnaireSummaryReport, MonitoringReport, SiteProgressReport, EvaluationPackReport)
}

__all__ = ["KINDS", "FULL_AUDIENCE", "Audience", "BaseReportKind", "audience_for"]
