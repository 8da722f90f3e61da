"""Questionnaire summary: the questionnaire app's summary service as tables, charts and free text."""

from __future__ import annotations

from evaluation.models import Choice, CollectionRound, Questionnaire, QuestionType
from evaluation.summary import publish_summary, questionnaire_summary, responses_in_scope
from pilot.disclosure import HIDDEN
from reports.document import (
    BREAKDOWN,
    COUNT,
    EXTREME,
    MEAN,
    MEDIAN,
    NETWORK,
    PERCENT,
    TEXT,
    Column,
    ReportError,
    Section,
    Table,
)
from reports.kinds.base import BaseReportKind

SELECT_TYPES = ("select_one", "select_multiple")
NUMBER_TYPES = ("integer", "decimal")


def find_questionnaire(form_id):
    """The questionnaire with this form id (the XLSForm `form_id`), or None."""
    if not form_id:
        return None
    return Questionnaire.objects.filter(form_id=form_id).order_by("-pk").first()


class QuestionnaireSummaryReport(BaseReportKind):
    kind = "questionnaire_summary"
    title = "Questionnaire summary"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.questionnaire = find_questionnaire(self.parameters.get("questionnaire"))
        if self.questionnaire is None:
            raise ReportError(f"There is no questionnaire '{self.parameters.get('questionnaire') or ''}'.")
        self.round = self._resolve_round(self.parameters.get("round"))
        wanted = self.parameters.get("version")
        self.version = self.questionnaire.versions.filter(version=wanted).first() if wanted else None
        if wanted and self.version is None:
            raise ReportError(f"The questionnaire has no version '{wanted}'.")
        self.by_site = bool(self.parameters.get("by_site"))

    def _resolve_round(self, round_id):
        if round_id in (None, ""):
            return None
        try:
            found = CollectionRound.objects.filter(pk=int(round_id)).first()
        except (TypeError, ValueError):
            found = None
        if found is None or (self.audience.site_ids is not None and found.site_id not in self.audience.site_ids):
            raise ReportError("There is no such collection round.")
        if found.questionnaire_id != self.questionnaire.pk:
            raise ReportError(f"The round “{found.name}” is a round of another questionnaire.")
        if self.site is not None and found.site_id != self.site.pk:
            raise ReportError(f"The round “{found.name}” was not held at {self.site.name}.")
        return found

    @property
    def whole(self) -> bool:
        return self.is_whole and self.round is None and self.version is None

    @property
    def free_text(self) -> bool:
        """Written answers go only into exact documents for those who read them; never into published ones."""
        return self.audience.free_text and self.disclosure.exact

    def published(self, raw: dict, *, whole: bool) -> dict:
        return publish_summary(raw, disclosure=self.disclosure, whole=whole, free_text=self.free_text)

    def summary(self, site=None) -> dict:
        return questionnaire_summary(
            questionnaire=self.questionnaire,
            version=self.version,
            round=self.round,
            site=site or self.site,
            group=self.group,
            date_from=self.date_from,
            date_to=self.date_to,
            texts=self.free_text,  # without them, only how many wrote something is read (from the tallies)
        )

    def estimate_rows(self) -> int:
        """A row per choice or question (again per site with the breakdown), and with free text shown a line per
        response and text question."""
        version = self.version or self.questionnaire.current_version
        if version is None:
            return 0
        questions = version.questions.exclude(type=QuestionType.NOTE)
        rows = questions.count() + Choice.objects.filter(question__version=version).count()
        if self.by_site:
            rows *= 1 + self.sites().count()
        texts = questions.filter(type=QuestionType.TEXT).count()
        if self.free_text and texts:
            rows += texts * self._responses().count()
        return rows

    def _responses(self):
        return responses_in_scope(
            questionnaire=self.questionnaire, version=self.version, round=self.round, site=self.site,
            group=self.group, date_from=self.date_from, date_to=self.date_to,
        )  # fmt: skip

    def filters(self):
        out = [("Questionnaire", self.questionnaire.title or str(self.questionnaire))]
        if self.round:
            out.append(("Collection round", f"{self.round.name}, {self.round.site.name}"))
        return out + super().filters()

    def build(self):
        report = self.new_report()
        report.title = f"Questionnaire summary: {getattr(self.questionnaire, 'title', '') or self.questionnaire}"
        self.step(10, "Counting answers in the database")
        raw = self.summary()
        data = self.published(raw, whole=self.whole)
        report.data = data
        level = NETWORK if self.whole else BREAKDOWN
        shown = data.get("too_few_text") or data.get("responses")
        report.sections.append(Section("overview", "Responses", paragraphs=[f"Responses in this selection: {shown}."]))
        questions = data.get("questions", [])
        for n, question in enumerate(questions):
            section = self.question_section(question, data.get("responses") or 0, level)
            if section:
                report.sections.append(section)
            self.step(20 + 50 * (n + 1) // max(1, len(questions)), f"Question {n + 1} of {len(questions)}")
        if self.by_site and questions:
            report.sections.append(self.by_site_section(raw.get("questions", []), data))
        self.step(90, "Laying out the report")
        return report

    def question_section(self, question: dict, responses, level: str) -> Section | None:
        """One question's table, laid out from the summary as already published for this report's reader."""
        label = question.get("label") or question["name"]
        qtype = question.get("type", "")
        section = Section(f"q-{question['name']}", label)
        answered = question.get("answered")
        if qtype in SELECT_TYPES or "choices" in question:
            table = Table(
                key=question["name"],
                title=label,
                level=level,
                published=True,
                columns=[
                    Column("choice", "Answer", TEXT),
                    Column("count", "Count", COUNT),
                    Column("percent", "Percent", PERCENT),
                    Column("valid_percent", "Valid percent", PERCENT),
                ],
                chart=("choice", "count"),
                note=f"Answered by {answered} of {responses}.",
            )
            for c in question.get("choices", []):
                table.rows.append([c.get("label") or c["name"], c["count"], c.get("percent"), c.get("valid_percent")])
            section.tables.append(table)
        elif qtype in NUMBER_TYPES or "mean" in question:
            table = Table(
                key=question["name"],
                title=label,
                level=level,
                published=True,
                columns=[
                    Column("answered", "Answered", COUNT),
                    Column("mean", "Mean", MEAN),
                    Column("median", "Median", MEDIAN),
                    Column("min", "Minimum", EXTREME),
                    Column("max", "Maximum", EXTREME),
                ],
            )
            table.rows.append([answered] + [question.get(k) for k in ("mean", "median", "min", "max")])
            section.tables.append(table)
        elif "min" in question or "max" in question:  # a date question: its earliest and latest answers
            table = Table(
                key=question["name"],
                title=label,
                level=level,
                published=True,
                columns=[
                    Column("answered", "Answered", COUNT),
                    Column("min", "Earliest", EXTREME),
                    Column("max", "Latest", EXTREME),
                ],
            )
            table.rows.append([answered, question.get("min"), question.get("max")])
            section.tables.append(table)
        elif "answers" in question:
            if not self.free_text:
                # Counted, never shown: the question is still listed, saying why its answers are not here.
                withheld = question.get("answers_withheld", 0)
                section.paragraphs.append(
                    f"Answered by {answered} of {responses}. Written answers: {withheld}; they appear only in "
                    "reports with exact figures built for coordinators and evaluators."
                )
                return section
            section.paragraphs.append(f"Answered by {answered} of {responses}.")
            section.free_text.append((label, [str(a) for a in question.get("answers") or []]))
        else:
            return None
        return section

    def by_site_section(self, questions: list[dict], data: dict) -> Section:
        """Each site's published summary, and per select question a table of choice counts by site."""
        sites = list(self.sites())
        per_site = {site.pk: self.published(self.summary(site=site), whole=False) for site in sites}
        section = Section("by-site", "Breakdown by site")
        data["by_site"] = [{"site": s.slug, "name": s.name, **per_site[s.pk]} for s in sites]
        for question in questions:
            if not question.get("choices"):
                continue
            table = Table(
                key=f"{question['name']}-by-site",
                title=f"{question.get('label') or question['name']}: by site",
                level=BREAKDOWN,
                published=True,
                columns=[Column("choice", "Answer", TEXT)] + [Column(s.slug, s.name, COUNT) for s in sites],
            )
            for choice in question["choices"]:
                row = [choice.get("label") or choice["name"]]
                for site in sites:
                    found = next(
                        (
                            c
                            for q in per_site[site.pk].get("questions", [])
                            if q["name"] == question["name"]
                            for c in q.get("choices", [])
                            if c["name"] == choice["name"]
                        ),
                        None,
                    )
                    row.append(found["count"] if found else (HIDDEN if per_site[site.pk].get("too_few") else 0))
                table.rows.append(row)
            section.tables.append(table)
        return section
