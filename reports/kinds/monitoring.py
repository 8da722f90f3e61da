"""Monitoring report: per site and group per month, meetings, attendance, tools, facilitators, training."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from statistics import median

from django.db.models import Avg, Count, F, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reports.document import BREAKDOWN, COUNT, MEAN, MEDIAN, NUMBER, PERCENT, TEXT, Column, Section, Table
from reports.kinds.base import BaseReportKind, model_with

ON_TIME_DAYS = 7


def month_start(day: date) -> date:
    return day.replace(day=1)


def _weekly_dates(weekday: int, start: date, end: date, every: int = 1) -> list[date]:
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    out, day = [], first
    while day <= end:
        out.append(day)
        day += timedelta(weeks=every)
    return out


def scheduled_dates(group, start: date, end: date) -> list[date]:
    """The days a group was due to meet between start and end, from its weekday and frequency."""
    weekday = getattr(group, "weekday", None)
    if weekday is None or start > end:
        return []
    frequency = getattr(group, "frequency", "weekly")
    dates = _weekly_dates(weekday, start, end, every=2 if frequency == "fortnightly" else 1)
    second = getattr(group, "second_weekday", None)
    if frequency == "twice_weekly" and second is not None:
        dates += _weekly_dates(second, start, end)
    return sorted(dates)


def scheduler():
    """The groups app's own schedule (it knows each group's status history); ours until it has one."""
    try:
        from groups.selectors import scheduled_dates as from_groups
    except ImportError:
        return scheduled_dates
    return from_groups


class MonitoringReport(BaseReportKind):
    kind = "monitoring"
    title = "Monitoring report"

    def period(self, first_meeting: date | None) -> tuple[date, date]:
        today = timezone.localdate()
        end = min(self.date_to or today, today)
        start = self.date_from or first_meeting or month_start(end)
        return start, end

    def meetings(self, Meeting):
        qs = Meeting.objects.filter(group__in=self.groups())
        if self.date_from:
            qs = qs.filter(date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(date__lte=self.date_to)
        return qs

    def build(self):
        report = self.new_report()
        Meeting = model_with("groups", "Meeting", "date", "held", "attendance", "newcomers", "registered_at")
        if Meeting is None:
            report.omitted.append("meetings (no meeting registrations are recorded yet)")
        else:
            self.step(10, "Counting meetings per group and month")
            report.sections.append(self.meetings_section(Meeting))
            self.step(60, "Counting the SMART tools used")
            tools = self.tools_table(Meeting)
            if tools:
                report.sections.append(Section("tools", "SMART tools used", tables=[tools]))
        self.step(80, "Counting trainings")
        training = self.training_section()
        if training:
            report.sections.append(training)
        else:
            report.omitted.append("training (no training events are recorded yet)")
        self.step(95, "Laying out the report")
        return report

    # --- meetings ----------------------------------------------------------------------
    def meetings_section(self, Meeting) -> Section:
        meetings = self.meetings(Meeting)
        on_time = Q(registered_at__date__lte=F("date") + timedelta(days=ON_TIME_DAYS))
        rows = (
            meetings.annotate(month=TruncMonth("date"))
            .values("group_id", "month")
            .annotate(
                registered=Count("pk"),
                on_time=Count("pk", filter=on_time),
                cancelled=Count("pk", filter=Q(held=False)),
                people=Sum("attendance", filter=Q(held=True)),
                mean=Avg("attendance", filter=Q(held=True)),
                new=Sum("newcomers", filter=Q(held=True)),
            )
            .order_by()
        )
        stats = {(r["group_id"], r["month"]): {**r, "attendance": r["people"], "newcomers": r["new"]} for r in rows}
        medians = self._medians(meetings)
        facilitators = self._facilitators(meetings)
        groups = self.groups()
        if model_with("groups", "Group", "status_changes"):
            groups = groups.prefetch_related("status_changes")
        groups, schedule = list(groups), scheduler()
        first = meetings.order_by("date").values_list("date", flat=True).first()
        start, end = self.period(first)
        months = sorted({m for (_, m) in stats} | self._months(start, end))
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
                Column("on_time", f"On time (≤{ON_TIME_DAYS} days)", NUMBER),
                Column("cancelled", "Cancelled", NUMBER),
                Column("held", "Held", NUMBER),
                Column("attendance", "Attendance", COUNT),
                Column("mean", "Mean attendance", MEAN, base="attendance", per="held"),
                Column("median", "Median attendance", MEDIAN, base="attendance", per="held"),
                Column("newcomers", "Newcomers", COUNT),
                Column("facilitators", "Facilitators active", COUNT, summable=False),
                Column("rate", "Reporting rate", PERCENT, base="@100"),
            ],
        )
        network = defaultdict(lambda: defaultdict(int))
        for n, group in enumerate(groups):
            scheduled = defaultdict(int)
            for day in schedule(group, start, end):
                scheduled[month_start(day)] += 1
            for month in months:
                row = stats.get((group.pk, month), {})
                if not row and not scheduled.get(month):
                    continue
                registered = row.get("registered", 0)
                due = scheduled.get(month, 0)
                mean = row.get("mean")
                table.rows.append(
                    [
                        f"{group.site.name} / {group.name}",
                        month.strftime("%b %Y"),
                        due,
                        registered,
                        row.get("on_time", 0),
                        row.get("cancelled", 0),
                        registered - row.get("cancelled", 0),
                        row.get("attendance") or 0,
                        round(mean, 1) if mean is not None else None,
                        medians.get((group.pk, month)),
                        row.get("newcomers") or 0,
                        facilitators.get((group.pk, month), 0),
                        round(100 * min(registered, due) / due, 1) if due else None,
                    ]
                )
                for key in ("registered", "on_time", "cancelled", "attendance", "newcomers"):
                    network[month][key] += row.get(key) or 0
                network[month]["scheduled"] += due
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
            rate = round(100 * min(m["registered"], m["scheduled"]) / m["scheduled"], 1) if m["scheduled"] else None
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
            "Scheduled meetings come from each group's weekday and frequency; a registration is on time when it "
            f"was made within {ON_TIME_DAYS} days of the meeting. The reporting rate is registrations received "
            "for scheduled meetings divided by meetings scheduled."
        )
        return Section("meetings", "Meetings and attendance", paragraphs=[intro], tables=[summary, table])

    @staticmethod
    def _months(start: date, end: date) -> set[date]:
        months, day = set(), month_start(start)
        while day <= end:
            months.add(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months

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
        if model_with("groups", "Meeting", "facilitators") is None:
            return {}
        rows = (
            meetings.filter(held=True)
            .annotate(month=TruncMonth("date"))
            .values("group_id", "month")
            .annotate(n=Count("facilitators", distinct=True))
            .order_by()
        )
        return {(r["group_id"], r["month"]): r["n"] for r in rows}

    def tools_table(self, Meeting) -> Table | None:
        try:
            from groups.models import TOOLS
        except ImportError:
            return None
        fields = [name for name, _ in TOOLS if model_with("groups", "Meeting", name)]
        if not fields:
            return None
        meetings = self.meetings(Meeting).filter(held=True)
        counts = meetings.aggregate(held=Count("pk"), **{f: Count("pk", filter=Q(**{f: True})) for f in fields})
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
            if name in fields:
                share = round(100 * counts[name] / held, 1) if held else None
                table.rows.append([label, counts[name], share])
        return table

    # --- training ----------------------------------------------------------------------
    def training_section(self) -> Section | None:
        Event = model_with("training", "Event", "site", "starts_on", "days")
        if Event is None:
            return None
        events = Event.objects.filter(
            Q(site__in=self.sites()) | Q(site__isnull=True) if self.is_network_wide else Q(site__in=self.sites())
        )
        if self.date_from:
            events = events.filter(starts_on__gte=self.date_from)
        if self.date_to:
            events = events.filter(starts_on__lte=self.date_to)
        # Held: started by today and neither cancelled nor only proposed.
        events = events.filter(starts_on__lte=timezone.localdate())
        if model_with("training", "Event", "status"):
            events = events.exclude(status__in=["cancelled", "proposed"])
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
