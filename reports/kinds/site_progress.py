"""Site progress report: status history, timeline, health flags, progress log, training pipeline."""

from __future__ import annotations

from network.health import flags_for
from network.pipeline import training_pipeline
from network.timeline import collect
from reports.document import BREAKDOWN, COUNT, NUMBER, PERCENT, TEXT, Column, Section, Table
from reports.kinds.base import BaseReportKind
from sites.models import ProgressEntry, StatusChange
from training import conf as training_conf
from training.models import Event


def timeline_rows(kind: BaseReportKind) -> int:
    """About how many rows the status history, timeline, health flags and pipeline of a kind's sites take."""
    sites = kind.sites()
    changes = StatusChange.objects.filter(site__in=sites).count()
    events = Event.objects.filter(site__in=sites).count()
    return 2 * changes + 2 * kind.groups().count() + events + 5 * sites.count()


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class SiteProgressReport(BaseReportKind):
    kind = "site_progress"
    title = "Site progress report"

    def estimate_rows(self) -> int:
        """The status history and progress log of the sites covered; the timeline (status changes, each group's
        first and last meeting, events); a few rows per site (health flags, pipeline)."""
        return timeline_rows(self) + self.dated(ProgressEntry.objects.filter(site__in=self.sites()), "day").count()

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
        """The programme timeline of these sites (and the network's own entries when it covers the network)."""
        names = {s.pk: s.name for s in sites}
        entries = collect(None if self.is_network_wide else list(names), network_entries=self.is_network_wide)
        if not entries:
            return None
        table = Table(
            key="timeline",
            title="Timeline",
            columns=[Column("day", "Date"), Column("site", "Site"), Column("what", "What happened")],
        )
        for entry in entries:
            table.rows.append([_day(entry.day), names.get(entry.site_id, "Network"), entry.text])
        return Section("timeline", "Timeline", tables=[table])

    def health_section(self, sites) -> Section | None:
        """Every site's health flags, judged on the same day as the site pages."""
        today = self.as_of
        flags = flags_for(sites, today)
        table = Table(
            key="health_flags",
            title=f"Health flags on {today:%d/%m/%Y}",
            columns=[Column("site", "Site"), Column("flag", "Flag"), Column("reason", "Why it matters")],
        )
        for site in sites:
            for flag in flags[site.pk]:
                table.rows.append([site.name, flag.label, flag.reason])
        paragraphs = [] if table.rows else ["No site has a health flag."]
        return Section("health", "Health flags", paragraphs=paragraphs, tables=[table])

    def log_section(self, sites) -> Section | None:
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
        """The training pipeline exactly as the pipeline page shows it, to this report's reader: the same rows,
        the same figures (network.pipeline and PipelineRow.figures) and the same network row."""
        if not sites:
            return None
        rows, network = training_pipeline(sites=sites, today=self.as_of, start=self.date_from)
        figures = [row.figures(self.disclosure) for row in rows]
        table = Table(
            key="training_pipeline",
            title="Training pipeline",
            level=BREAKDOWN,
            published=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("trainings", "Trainings", NUMBER),
                Column("trained", "People trained", COUNT),
                Column("facilitators", "Became facilitators", COUNT),
                Column("conversion", "Became facilitators (% of trained)", PERCENT),
                Column("active", f"Facilitating ({training_conf.active_weeks()} weeks)", COUNT),
                Column("first", "First training", TEXT),
            ],
        )
        for row, fig in zip(rows, figures, strict=True):
            table.rows.append(_pipeline_cells(row, fig))
        if len(rows) > 1:
            table.total_row = _pipeline_cells(network, network.total_figures(self.disclosure, figures))
        note = (
            "Trained counts the people present on the last day of each facilitator training; many trained and "
            "none facilitating (the Gateshead pattern) shows as a high second figure and zeros after."
        )
        return Section("pipeline", "Training pipeline", paragraphs=[note], tables=[table])


def _pipeline_cells(row, fig) -> list:
    return [
        row.label,
        row.trainings,
        fig.trained,
        fig.became,
        fig.conversion_percent,
        fig.facilitating,
        _day(row.first_training),
    ]
