"""Site progress report: status history, timeline, health flags, progress log, training pipeline."""

from __future__ import annotations

from django.utils import timezone

from reports.document import BREAKDOWN, COUNT, NUMBER, PERCENT, TEXT, Column, Section, Table
from reports.kinds.base import BaseReportKind, model_with

RECENT_WEEKS = 8


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class SiteProgressReport(BaseReportKind):
    kind = "site_progress"
    title = "Site progress report"

    def build(self):
        report = self.new_report()
        sites = list(self.sites())
        if self.site:
            report.title = f"Site progress report: {self.site.name}"
        parts = [
            ("status", "status history", self.status_section),
            ("timeline", "timeline", self.timeline_section),
            ("health", "health flags", self.health_section),
            ("log", "progress log", self.log_section),
            ("pipeline", "training pipeline", self.pipeline_section),
        ]
        for n, (_, label, make) in enumerate(parts):
            self.step(5 + 90 * n // len(parts), f"Collecting the {label}")
            section = make(sites)
            if section is None:
                report.omitted.append(label)
            else:
                report.sections.append(section)
        return report

    def status_section(self, sites) -> Section | None:
        StatusChange = model_with("sites", "StatusChange", "site", "status", "on")
        if StatusChange is None:
            return None
        changes = StatusChange.objects.filter(site__in=sites).select_related("site").order_by("site__name", "on", "pk")
        table = Table(
            key="status_history",
            title="Status history",
            columns=[Column("site", "Site"), Column("on", "Date"), Column("status", "Status"), Column("note", "Note")],
        )
        for change in changes:
            note = change.note if self.audience.contact_notes else ""
            table.rows.append([change.site.name, _day(change.on), change.get_status_display(), note])
        return Section("status", "Status history", tables=[table])

    def timeline_section(self, sites) -> Section | None:
        try:
            from sites.hooks import timeline_sources
        except ImportError:
            return None
        site_ids = [s.pk for s in sites]
        names = {s.pk: s.name for s in sites}
        entries = []
        for source in timeline_sources():
            entries += [
                e
                for e in source(None if self.is_network_wide else site_ids)
                if e.site_id in names or (e.site_id is None and self.is_network_wide)
            ]
        if not entries:
            return None
        table = Table(
            key="timeline",
            title="Timeline",
            columns=[Column("day", "Date"), Column("site", "Site"), Column("what", "What happened")],
        )
        for entry in sorted(entries, key=lambda e: (e.day, e.site_id or 0)):
            table.rows.append([_day(entry.day), names.get(entry.site_id, "Network"), entry.text])
        return Section("timeline", "Timeline", tables=[table])

    def health_section(self, sites) -> Section | None:
        try:
            from sites.hooks import health_checks
        except ImportError:
            return None
        checks = health_checks()
        if not checks:
            return None
        today = timezone.localdate()
        flags: dict[int, list] = {}
        for check in checks:
            for site_id, found in check(sites, today).items():
                flags.setdefault(site_id, []).extend(found)
        table = Table(
            key="health_flags",
            title=f"Health flags on {today:%d/%m/%Y}",
            columns=[Column("site", "Site"), Column("flag", "Flag"), Column("reason", "Why it matters")],
        )
        for site in sites:
            for flag in flags.get(site.pk, []):
                table.rows.append([site.name, flag.label, flag.reason])
        paragraphs = [] if table.rows else ["No site has a health flag."]
        return Section("health", "Health flags", paragraphs=paragraphs, tables=[table])

    def log_section(self, sites) -> Section | None:
        ProgressEntry = model_with("sites", "ProgressEntry", "site", "day", "kind", "note")
        if ProgressEntry is None:
            return None
        entries = ProgressEntry.objects.filter(site__in=sites).select_related("site").order_by("site__name", "day")
        if self.date_from:
            entries = entries.filter(day__gte=self.date_from)
        if self.date_to:
            entries = entries.filter(day__lte=self.date_to)
        columns = [Column("site", "Site"), Column("day", "Date"), Column("kind", "Kind")]
        if self.audience.contact_notes:
            columns.append(Column("note", "Note"))
        table = Table(key="progress_log", title="Progress log", columns=columns)
        for entry in entries:
            row = [entry.site.name, _day(entry.day), entry.get_kind_display()]
            if self.audience.contact_notes:
                row.append(entry.note)
            table.rows.append(row)
        paragraphs = [] if self.audience.contact_notes else ["Notes are shown to coordinators and site contacts only."]
        return Section("log", "Progress log", paragraphs=paragraphs, tables=[table])

    def pipeline_section(self, sites) -> Section | None:
        """The training pipeline exactly as /training/pipeline/ counts it (training.pipeline), per site and total."""
        from training.conf import active_weeks
        from training.pipeline import training_pipeline

        if not sites:
            return None
        rows, _ = training_pipeline(sites=sites, today=timezone.localdate())
        table = Table(
            key="training_pipeline",
            title="Training pipeline",
            level=BREAKDOWN,
            total=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("trainings", "Trainings", NUMBER),
                Column("trained", "People trained", COUNT),
                Column("facilitators", "Became facilitators", COUNT),
                Column("conversion", "Became facilitators (% of trained)", PERCENT, base="trained", of="facilitators"),
                Column("active", f"Facilitating ({active_weeks()} weeks)", COUNT),
                Column("first", "First training", TEXT),
            ],
        )
        for row in rows:
            table.rows.append(
                [
                    row.label,
                    row.trainings,
                    row.trained,
                    row.became_count,
                    round(100 * row.became_count / row.trained) if row.trained else None,
                    row.facilitating_count,
                    _day(row.first_training),
                ]
            )
        note = (
            "Trained counts the people present on the last day of each facilitator training; many trained and "
            "none facilitating (the Gateshead pattern) shows as a high second figure and zeros after."
        )
        return Section("pipeline", "Training pipeline", paragraphs=[note], tables=[table])
