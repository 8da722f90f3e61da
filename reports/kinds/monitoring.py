"""Monitoring report: per site and group per month, meetings, attendance, tools, facilitators, training."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from groups import conf as group_conf
from groups.models import TOOLS, Meeting
from groups.quality import as_percent, data_quality
from groups.selectors import month_ends, monthly_rates
from groups.signoff import approved_months
from reports.document import BREAKDOWN, COUNT, MEAN, MEDIAN, NUMBER, PERCENT, TEXT, Column, Section, Table
from reports.kinds.base import BaseReportKind, months_between
from reports.kinds.committee_actions import committee_actions_section
from training.models import Event, EventStatus


def month_start(day: date) -> date:
    return day.replace(day=1)


class MonitoringReport(BaseReportKind):
    kind = "monitoring"
    title = "Monitoring report"

    def period(self, first_meeting: date | None) -> tuple[date, date]:
        today = timezone.localdate()
        end = min(self.date_to or today, today)
        start = self.date_from or first_meeting or month_start(end)
        return start, end

    def estimate_rows(self) -> int:
        """Group-months (the breakdown), site-months (data quality, training) and months (the network table)."""
        first = None if self.date_from else self.meetings().aggregate(first=Min("date"))["first"]
        start, end = self.period(first)
        months = months_between(start, end)
        groups = self.groups().count()
        sites = self.sites().count()
        return months * (groups + 2 * sites + 1)

    def meetings(self):
        qs = Meeting.objects.filter(group__in=self.groups())
        if self.date_from:
            qs = qs.filter(date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(date__lte=self.date_to)
        return qs

    def build(self):
        report = self.new_report()
        self.step(10, "Counting meetings per group and month")
        report.sections.append(self.meetings_section())
        self.step(58, "Judging the returns' completeness and timeliness")
        report.sections.append(self.data_quality_section())
        self.step(60, "Counting the SMART tools used")
        report.sections.append(Section("tools", "SMART tools used", tables=[self.tools_table()]))
        self.step(80, "Counting trainings")
        training = self.training_section()
        if training:
            report.sections.append(training)
        else:
            report.omitted.append("training (no training events are recorded yet)")
        committee = committee_actions_section(self)
        if committee:
            report.sections.append(committee)
        self.step(95, "Laying out the report")
        return report

    # --- meetings ----------------------------------------------------------------------
    def meetings_section(self) -> Section:
        meetings = self.meetings()
        rows = (
            meetings.annotate(month=TruncMonth("date"))
            .values("group_id", "month")
            .annotate(
                registered=Count("pk"),
                cancelled=Count("pk", filter=Q(held=False)),
                people=Sum("attendance", filter=Q(held=True)),
                new=Sum("newcomers", filter=Q(held=True)),
            )
            .order_by()
        )
        stats = {(r["group_id"], r["month"]): {**r, "attendance": r["people"], "newcomers": r["new"]} for r in rows}
        medians = self._medians(meetings)
        facilitators = self._facilitators(meetings)
        groups = list(self.groups())
        first = meetings.order_by("date").values_list("date", flat=True).first()
        start, end = self.period(first)
        self._span = (start, end)  # the data quality section covers the same months
        # The reporting rate and "on time" are the group page's own figures (groups.selectors.monthly_rates).
        rates = monthly_rates(groups=groups, start=start, end=end)
        self._groups_and_rates = (groups, rates)  # and the same groups' rates, not worked out twice
        months = sorted({m for (_, m) in stats} | {first for first, _ in month_ends(start, end)})
        approved = approved_months({g.site_id for g in groups}, start, end)
        due = group_conf.registration_due_days()
        table = Table(
            key="meetings_by_group_month",
            title="Meetings per group and month",
            level=BREAKDOWN,
            note="The totals are in the network table above.",
            columns=[
                Column("group", "Site / group", TEXT),
                Column("month", "Month", TEXT),
                Column("scheduled", "Scheduled", NUMBER),
                Column("registered", "Registered", NUMBER),
                Column("on_time", f"Scheduled and registered within {due} days", NUMBER),
                Column("cancelled", "Cancelled", NUMBER),
                Column("held", "Held", NUMBER),
                Column("attendance", "Attendance", COUNT),
                Column("mean", "Mean attendance", MEAN, base="attendance", per="held"),
                Column("median", "Median attendance", MEDIAN, base="attendance", per="held"),
                Column("newcomers", "Newcomers", COUNT),
                Column("facilitators", "Facilitators active", COUNT, summable=False),
                Column("rate", "Reporting rate", PERCENT, base="@100"),
                Column("sign_off", "Sign-off", TEXT),
            ],
        )
        network = defaultdict(lambda: defaultdict(int))
        for n, group in enumerate(groups):
            for month in months:
                row = stats.get((group.pk, month), {})
                rate = rates.get((group.pk, month))
                if not row and not (rate and rate.scheduled):
                    continue
                registered, cancelled = row.get("registered", 0), row.get("cancelled", 0)
                held, people = registered - cancelled, row.get("attendance") or 0
                table.rows.append(
                    [
                        f"{group.site.name} / {group.name}",
                        month.strftime("%b %Y"),
                        rate.scheduled if rate else 0,
                        registered,
                        rate.on_time if rate else 0,
                        cancelled,
                        held,
                        people,
                        round(people / held, 1) if held else None,
                        medians.get((group.pk, month)),
                        row.get("newcomers") or 0,
                        facilitators.get((group.pk, month), 0),
                        _percent(rate.rate if rate else None),
                        "approved" if (group.site_id, month) in approved else "provisional",
                    ]
                )
                for key in ("registered", "cancelled", "attendance", "newcomers"):
                    network[month][key] += row.get(key) or 0
                for key in ("scheduled", "received", "on_time"):
                    network[month][key] += getattr(rate, key) if rate else 0
            if n % 20 == 0:
                self.step(10 + int(45 * n / max(1, len(groups))), f"Group {n + 1} of {len(groups)}")
        summary = Table(
            key="network_by_month",
            title="The network per month",
            columns=[
                Column("month", "Month", TEXT),
                Column("scheduled", "Scheduled", NUMBER),
                Column("registered", "Registered", NUMBER),
                Column("on_time", "On time", NUMBER),
                Column("cancelled", "Cancelled", NUMBER),
                Column("held", "Held", NUMBER),
                Column("attendance", "Attendance", COUNT),
                Column("mean", "Mean attendance", MEAN, base="attendance", per="held"),
                Column("newcomers", "Newcomers", COUNT),
                Column("rate", "Reporting rate", PERCENT, base="@100"),
            ],
            total=True,
            sums_of=("meetings_by_group_month", "month"),
        )
        for month in sorted(network):
            m = network[month]
            rate = _percent(m["received"] / m["scheduled"] if m["scheduled"] else None)
            held = m["registered"] - m["cancelled"]
            mean = round(m["attendance"] / held, 1) if held else None
            summary.rows.append(
                [month.strftime("%b %Y"), m["scheduled"], m["registered"], m["on_time"], m["cancelled"], held]
                + [m["attendance"], mean, m["newcomers"], rate]
            )
        # Each row is one month: narrower than the whole period.
        summary.level = BREAKDOWN
        if not self.is_network_wide:
            summary.title = "All groups covered, per month"
        intro = (
            "Scheduled meetings come from each group's weekday, frequency and status history; a scheduled meeting "
            f"counts as on time when it was registered within {due} days. The reporting rate is scheduled meetings "
            "registered divided by meetings scheduled, as on the group pages. A month its site has not approved "
            "(monthly sign-off) is provisional: its registrations may still change."
        )
        return Section("meetings", "Meetings and attendance", paragraphs=[intro], tables=[summary, table])

    def data_quality_section(self) -> Section:
        """Per site and month: completeness, timeliness, flagged registrations and sign-off, from the function
        behind the data quality page and its CSV (groups.quality.data_quality)."""
        start, end = self._span
        due = group_conf.registration_due_days()
        table = Table(
            key="data_quality",
            title="Data quality per site and month",
            level=BREAKDOWN,
            columns=[
                Column("site", "Site", TEXT),
                Column("month", "Month", TEXT),
                Column("expected", "Meetings expected", NUMBER),
                Column("received", "Registered", NUMBER),
                Column("completeness", "Completeness", PERCENT, base="@100"),
                Column("on_time", f"Registered within {due} days", NUMBER),
                Column("timeliness", "Timeliness", PERCENT, base="@100"),
                Column("flagged", "Flagged values confirmed", NUMBER),
                Column("sign_off", "Sign-off", TEXT),
            ],
        )
        groups, rates = self._groups_and_rates
        for row in data_quality(groups=groups, start=start, end=end, rates=rates):
            table.rows.append(
                [row.site_name, row.month.strftime("%b %Y"), row.rate.scheduled, row.rate.received]
                + [as_percent(row.completeness), row.rate.on_time, as_percent(row.timeliness), row.flagged]
                + [row.sign_off]
            )
        intro = (
            "Completeness is the share of expected meetings (from each group's schedule) that are registered; "
            f"timeliness the share registered within {due} days of the meeting. Flagged values are registrations "
            "whose unusual figures the registrant confirmed. A month its site has not approved is provisional."
        )
        return Section("data_quality", "Data quality", paragraphs=[intro], tables=[table])

    @staticmethod
    def _medians(meetings) -> dict:
        values = defaultdict(list)
        rows = (
            meetings.filter(held=True)
            .annotate(month=TruncMonth("date"))
            .values_list("group_id", "month", "attendance")
        )
        for group_id, month, attendance in rows.order_by():
            values[(group_id, month)].append(attendance)
        return {key: median(v) for key, v in values.items()}

    @staticmethod
    def _facilitators(meetings) -> dict:
        rows = (
            meetings.filter(held=True)
            .annotate(month=TruncMonth("date"))
            .values("group_id", "month")
            .annotate(n=Count("facilitators", distinct=True))
            .order_by()
        )
        return {(r["group_id"], r["month"]): r["n"] for r in rows}

    def tools_table(self) -> Table:
        meetings = self.meetings().filter(held=True)
        counts = meetings.aggregate(held=Count("pk"), **{f: Count("pk", filter=Q(**{f: True})) for f, _ in TOOLS})
        table = Table(
            key="tools_used",
            title="SMART tools used at meetings held",
            columns=[
                Column("tool", "Tool", TEXT),
                Column("meetings", "Meetings using it", NUMBER),
                Column("share", "Share of meetings held", PERCENT, base="@100"),
            ],
            chart=("tool", "meetings"),
        )
        held = counts["held"]
        for name, label in TOOLS:
            share = round(100 * counts[name] / held, 1) if held else None
            table.rows.append([label, counts[name], share])
        return table

    # --- training ----------------------------------------------------------------------
    def training_section(self) -> Section | None:
        events = Event.objects.filter(
            Q(site__in=self.sites()) | Q(site__isnull=True) if self.is_network_wide else Q(site__in=self.sites())
        )
        if self.date_from:
            events = events.filter(starts_on__gte=self.date_from)
        if self.date_to:
            events = events.filter(starts_on__lte=self.date_to)
        # Held: started by today and neither cancelled nor only proposed.
        events = events.filter(starts_on__lte=timezone.localdate())
        events = events.exclude(status__in=[EventStatus.CANCELLED, EventStatus.PROPOSED])
        rows = events.annotate(people=Max("days__attendance")).values("site__name", "starts_on", "people").order_by()
        grouped = defaultdict(lambda: [0, 0])
        for r in rows:
            key = (r["site__name"] or "Network-wide", month_start(r["starts_on"]))
            grouped[key][0] += 1
            grouped[key][1] += r["people"] or 0
        if not grouped:
            return None
        table = Table(
            key="trainings_by_site_month",
            title="Trainings and events held per site and month",
            level=BREAKDOWN,
            total=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("month", "Month", TEXT),
                Column("events", "Events held", NUMBER),
                Column("attendance", "Attendance (largest day)", COUNT),
            ],
        )
        for (site, month), (n, people) in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            table.rows.append([site, month.strftime("%b %Y"), n, people])
        return Section("training", "Training and events", tables=[table])


def _percent(share: float | None) -> float | None:
    return round(100 * share, 1) if share is not None else None
