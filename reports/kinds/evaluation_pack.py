"""Evaluation pack: one document in the shape of the pilot's final evaluation report, from live data."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum

from budget.selectors import budget_position
from evaluation.codebook import codebook_rows
from evaluation.models import Choice, Questionnaire, Response
from groups.models import Meeting
from groups.selectors import meeting_periods
from groups.support import FLAG_LABELS
from network.selectors import SUPPORT_CODES, support_counts_for
from programmes.periods import default_period
from referrals.selectors import COLUMN_LABELS, COLUMNS, referral_summary
from reports.document import (
    BREAKDOWN,
    COUNT,
    MEAN,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    ReportError,
    Section,
    Table,
)
from reports.kinds.base import BaseReportKind
from reports.kinds.committee_actions import committee_actions_section
from reports.kinds.monitoring import MonitoringReport
from reports.kinds.questionnaire import QuestionnaireSummaryReport, find_questionnaire
from reports.kinds.site_progress import SiteProgressReport, timeline_rows
from sites.selectors import readiness_for, sustainability_for
from training.models import Event

_EARLIEST = date(2000, 1, 1)  # a report with no start date covers everything registered
PACK_FREE_TEXT = 50  # answers listed per free-text question; the full list is in the questionnaire summary


class EvaluationPackReport(BaseReportKind):
    kind = "evaluation_pack"
    title = "Evaluation pack"

    def estimate_rows(self) -> int:
        """The timeline (as the site progress report's), a few rows per site, the training months, and the members'
        questionnaire twice (its summary and its codebook); free text is capped at PACK_FREE_TEXT answers."""
        events = self.dated(Event.objects.filter(site__in=self.sites()), "starts_on").count()
        questionnaire = find_questionnaire(self.parameters.get("questionnaire") or self._member_questionnaire())
        version = questionnaire.current_version if questionnaire else None
        items = 0
        if version is not None:
            items = version.questions.count() + Choice.objects.filter(question__version=version).count()
        return timeline_rows(self) + events + 2 * items + 50

    def build(self):
        report = self.new_report()
        steps = [
            ("The network at a glance", self.glance_section),
            ("Planning and delivery", self.planning_section),
            ("Training", self.training_section),
            ("Profile of group members", self.members_section),
            ("Variations between sites", self.variations_section),
            ("Facilitator support", self.support_section),
            ("Referral pathways", self.referrals_section),
            ("Steering committee actions", self.committee_section),
            ("After the funding", self.sustainability_section),
            ("Appendix: codebook", self.codebook_section),
        ]
        for n, (label, make) in enumerate(steps):
            self.step(5 + 90 * n // len(steps), label)
            section = make()
            if section is None:
                report.omitted.append(label.lower())
            else:
                report.sections.append(section)
        return report

    def glance_section(self) -> Section:
        things = Table(
            key="glance",
            title="The network at a glance",
            columns=[Column("measure", "Measure", TEXT), Column("value", "Number", NUMBER)],
        )
        people = Table(
            key="glance_people",
            title="People at a glance",
            columns=[Column("measure", "Measure", TEXT), Column("value", "People", COUNT)],
        )
        sites, groups = self.sites(), list(self.groups().prefetch_related("status_changes"))
        as_of = self.as_of
        meeting = [g for g in groups if any(s <= as_of and (e is None or as_of < e) for s, e in meeting_periods(g))]
        things.rows.append(["Host sites", sites.count()])
        things.rows.append(["Groups", len(groups)])
        things.rows.append([f"Groups meeting on {as_of:%d/%m/%Y}", len(meeting)])
        # Attendances are in "Variations between sites", whose total row adds up the sites.
        held = self.dated(Meeting.objects.filter(group__in=groups, held=True), "date")
        things.rows.append(["Meetings registered as held", held.count()])
        events = self.dated(Event.objects.filter(Q(site__in=sites) | Q(site__isnull=True)), "starts_on")
        things.rows.append(["Training and networking events", events.count()])
        responses = self.dated(Response.objects.filter(round__site__in=sites), "submitted_on")
        people.rows.append(["Questionnaire responses", responses.count()])
        return Section("glance", "The network at a glance", tables=[things, people])

    def _sub(self, cls, **extra):
        return cls(parameters={**self.parameters, **extra}, audience=self.audience)

    def planning_section(self) -> Section | None:
        section = Section("planning", "Planning and delivery")
        progress = self._sub(SiteProgressReport)
        timeline = progress.timeline_section(list(progress.sites())) or progress.status_section(list(progress.sites()))
        if timeline:
            section.tables += timeline.tables
        readiness = self.readiness_table()
        if readiness:
            section.tables.append(readiness)
        budget = self.budget_table()
        if budget:
            section.tables.append(budget)
        return section if section.tables else None

    def readiness_table(self) -> Table | None:
        """Each site's readiness checklist as of the report's day, from sites.selectors.readiness_for (as on the
        site page and the overview): items done of the site's checklist, and those still missing."""
        sites = list(self.sites())
        if not sites:
            return None
        readiness = readiness_for(sites, today=self.as_of)
        table = Table(
            key="readiness",
            title="Readiness before training",
            level=BREAKDOWN,
            columns=[
                Column("site", "Site", TEXT),
                Column("done", "Items done", NUMBER, summable=False),
                Column("total", "Items on its checklist", NUMBER, summable=False),
                Column("missing", "Still missing", TEXT),
            ],
        )
        for site in sites:
            r = readiness[site.pk]
            table.rows.append([site.name, r.done, r.total, "; ".join(r.missing)])
        return table

    def support_section(self) -> Section | None:
        """How many facilitators at each site have a support flag as of the report's day, counts only (published
        by the report's disclosure policy), from network.selectors.support_counts_for (as on the overview)."""
        sites = list(self.sites())
        if not sites:
            return None
        counts = support_counts_for(sites, self.as_of)
        table = Table(
            key="support_flags",
            title="Facilitators with a support flag",
            level=BREAKDOWN,
            total=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("flagged", "With any flag", COUNT),
                *[Column(code, FLAG_LABELS[code], COUNT) for code in SUPPORT_CODES],
            ],
        )
        for site in sites:
            c = counts[site.pk]
            table.rows.append([site.name, c["flagged"], *[c[code] for code in SUPPORT_CODES]])
        note = (
            f"As of {self.as_of:%-d %B %Y}, as each site's programme's support policy shows them (docs/support.md); "
            "who is flagged is not in this pack."
        )
        return Section("support", "Facilitator support", paragraphs=[note], tables=[table])

    def referrals_section(self) -> Section | None:
        """Each site's referral pathways as of the report's day and newcomers by how they heard over its period, from
        referrals.selectors.referral_summary (as on the site page, the overview and the start page): partners are
        organisations (exact numbers); newcomers are people (COUNT, published by the report's disclosure policy)."""
        sites = list(self.sites())
        if not sites:
            return None
        summaries = referral_summary(sites, self.as_of, start=self.date_from or _EARLIEST)
        partners = Table(
            key="referral_partners",
            title="Referral partners",
            level=BREAKDOWN,
            total=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("partners", "Active partners", NUMBER),
                Column("with_protocol", "With an agreed protocol", NUMBER),
                Column("champions", "With a named champion", NUMBER),
                Column("assertive", "Offering assertive linkage", NUMBER),
                Column("outreach", "Outreach in the period", NUMBER),
                Column("quiet", "Gone quiet", NUMBER),
            ],
        )
        sources = Table(
            key="referral_sources",
            title="Newcomers by how they heard",
            level=BREAKDOWN,
            total=True,
            columns=[Column("site", "Site", TEXT), *[Column(c, COLUMN_LABELS[c], COUNT) for c in COLUMNS]],
        )
        for site in sites:
            r = summaries[site.pk]
            partners.rows.append(
                [site.name, len(r.partners), r.with_protocol, r.champions, r.assertive, r.outreach, len(r.quiet)]
            )
            sources.rows.append([site.name, *[r.sources.totals[c] for c in COLUMNS]])
        note = (
            f"Partners active on {self.as_of:%-d %B %Y}; a partner has gone quiet when no newcomer came from its kind "
            "of source and it had no outreach in the last weeks set by REFERRALS_QUIET_WEEKS (docs/referrals.md). "
            "Newcomers as registered at each meeting (“how they heard”) over the report's period; who the champions "
            "are is not in this pack."
        )
        return Section("referrals", "Referral pathways", paragraphs=[note], tables=[partners, sources])

    def committee_section(self) -> Section | None:
        """The steering committee's overdue actions, as in the monitoring report and on the start page."""
        return committee_actions_section(self)

    def budget_table(self) -> Table | None:
        """Planned and spent per head of the report's programme (else the default one: running today, else the
        latest), from the budget page's own function (expenses and small grants)."""
        programme = self.programme or default_period().programme
        if programme is None:
            return None
        position = budget_position(programme=programme, as_of=self.as_of)
        if not position.heads:
            return None
        table = Table(
            key="budget",
            title=f"Budget of {programme.name}: planned and spent",
            total=True,
            columns=[
                Column("head", "Budget head", TEXT),
                Column("planned", "Planned", MONEY),
                Column("spent", "Spent", MONEY),
                Column("difference", "Under (+) / over (−) spent", MONEY),
            ],
        )
        for line in position.heads:
            table.rows.append([line.head.name, line.planned, line.spent, line.remaining])
        return table

    def training_section(self) -> Section | None:
        section = self._sub(MonitoringReport).training_section()
        pipeline = self._sub(SiteProgressReport)
        pipe = pipeline.pipeline_section(list(pipeline.sites()))
        if section is None and pipe is None:
            return None
        out = Section("training", "Training")
        for part in (section, pipe):
            if part:
                out.paragraphs += part.paragraphs
                out.tables += part.tables
        return out

    def members_section(self) -> Section | None:
        form_id = self.parameters.get("questionnaire") or self._member_questionnaire()
        if not form_id or find_questionnaire(form_id) is None:
            return None
        try:
            sub = self._sub(QuestionnaireSummaryReport, questionnaire=form_id)
            built = sub.build()
        except ReportError:
            return None
        out = Section(
            "members", "Profile of group members", paragraphs=[f"From the questionnaire {sub.questionnaire}."]
        )
        for part in built.sections:
            out.tables += part.tables
            for question, answers in part.free_text:
                if len(answers) > PACK_FREE_TEXT:
                    more = len(answers) - PACK_FREE_TEXT
                    answers = answers[:PACK_FREE_TEXT] + [f"... and {more} more in the questionnaire summary."]
                out.free_text.append((question, answers))
        return out

    @staticmethod
    def _member_questionnaire() -> str | None:
        found = Questionnaire.objects.filter(audience__in=["members", "group_members", "member"]).order_by("-pk")
        return found.values_list("form_id", flat=True).first()

    def variations_section(self) -> Section | None:
        sites = list(self.sites())
        if not sites:
            return None
        rows = (
            self.dated(Meeting.objects.filter(group__site__in=sites, held=True), "date")
            .values("group__site_id")
            .annotate(meetings=Count("pk"), people=Sum("attendance"), new=Sum("newcomers"))
            .order_by()
        )
        stats = {r["group__site_id"]: r for r in rows}
        groups = dict(self.groups().values("site_id").annotate(n=Count("pk")).order_by().values_list("site_id", "n"))
        table = Table(
            key="variations",
            title="Variations between sites",
            level=BREAKDOWN,
            total=True,
            columns=[
                Column("site", "Site", TEXT),
                Column("groups", "Groups", NUMBER),
                Column("meetings", "Meetings held", NUMBER),
                Column("attendance", "Attendances", COUNT),
                Column("mean", "Mean per meeting", MEAN, base="attendance", per="meetings"),
                Column("newcomers", "Newcomers", COUNT),
                Column(
                    "newcomer_share", "Newcomers as share of attendances", PERCENT, base="attendance", of="newcomers"
                ),
            ],
            chart=("site", "meetings"),
        )
        for site in sites:
            r = stats.get(site.pk, {})
            meetings, people, new = r.get("meetings", 0), r.get("people") or 0, r.get("new") or 0
            table.rows.append(
                [
                    site.name,
                    groups.get(site.pk, 0),
                    meetings,
                    people,
                    round(people / meetings, 1) if meetings else None,
                    new,
                    round(100 * new / people, 1) if people else None,
                ]
            )
        return Section("variations", "Variations between sites", tables=[table])

    def sustainability_section(self) -> Section | None:
        """Each site's future status and plan, from sites.selectors.sustainability_for (as on the site page)."""
        sites = list(self.sites())
        plans = sustainability_for(sites)
        if not any(plans.values()):
            return None
        table = Table(
            key="sustainability",
            title="After the funding",
            level=BREAKDOWN,
            columns=[
                Column("site", "Site", TEXT),
                Column("future", "Future", TEXT),
                Column("next_host", "Hosted next by", TEXT),
                Column("venue_until", "Venue secured until", TEXT),
                Column("funding", "Funding source", TEXT),
                Column("support", "Named local support", TEXT),
            ],
        )
        for site in sites:
            plan = plans[site.pk]
            if plan is None:
                table.rows.append([site.name, "No plan", "", "", "", ""])
                continue
            until = f"{plan.venue_secured_until:%d/%m/%Y}" if plan.venue_secured_until else ""
            table.rows.append(
                [site.name, plan.get_future_display(), plan.next_host, until, plan.funding_source, plan.local_support]
            )
        return Section("sustainability", "After the funding", tables=[table])

    def codebook_section(self) -> Section | None:
        """The codebook of the members' questionnaire's newest version (evaluation.codebook), as an appendix."""
        questionnaire = find_questionnaire(self.parameters.get("questionnaire") or self._member_questionnaire())
        version = questionnaire.current_version if questionnaire is not None else None
        if version is None:
            return None
        keys = ["variable", "text", "type", "codes", "asked_if", "constraint", "required", "versions"]
        labels = ["Variable", "Question text", "Type", "Codes and labels", "Asked if", "Constraint", "Required",
                  "Versions"]  # fmt: skip
        table = Table(
            key="codebook",
            title=f"Codebook: {questionnaire.title}, version {version.version}",
            columns=[Column(key, label, TEXT) for key, label in zip(keys, labels, strict=True)],
        )
        table.rows = [[row[key] for key in keys] for row in codebook_rows(version)]
        note = ("The variables of the questionnaire's SPSS, Stata and R exports; names are R's (the codebook "
                "downloaded from the questionnaire page gives the SPSS and Stata names too).")  # fmt: skip
        return Section("codebook", "Appendix: codebook", paragraphs=[note], tables=[table])
