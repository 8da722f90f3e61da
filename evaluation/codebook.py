"""The codebook (data dictionary) of a questionnaire version: every variable of the statistics exports.

    rows = codebook_rows(version)          # dicts, one per variable, in the form's order
    write_codebook_csv(version) / write_codebook_xlsx(version) / write_codebook_pdf(version) -> bytes

Names and codes are those of evaluation.datasets, so the codebook describes exactly the files SPSS, Stata and R
open; question text, choice labels, rules and constraint messages are carried as typed, as in every export.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from evaluation.datasets import BINARY, CHOSEN, PAPER, dataset_variables
from evaluation.export import write_csv, write_xlsx
from evaluation.expressions import ExpressionError, parse
from evaluation.models import Question, QuestionType
from pilot.spreadsheets import neutralise

COLUMNS = [
    ("variable", "Variable"),
    ("question", "Question"),
    ("text", "Question text"),
    ("type", "Type"),
    ("codes", "Codes and labels"),
    ("asked_if", "Asked if"),
    ("constraint", "Constraint"),
    ("required", "Required"),
    ("versions", "Versions"),
    ("spss", "SPSS name"),
    ("stata", "Stata name"),
    ("r", "R name"),
]
TYPES = {
    QuestionType.INTEGER: "Whole number",
    QuestionType.DECIMAL: "Number",
    QuestionType.DATE: "Date",
    QuestionType.TEXT: "Text",
    QuestionType.SELECT_ONE: "Choose one: coded",
    QuestionType.SELECT_MULTIPLE: "Choose any: one 0/1 variable per choice",
}
META = {
    "round": ("Collection round", "Coded: the round's number, labelled with its name"),
    "site": ("Host site", "Coded: the site's number, labelled with its name"),
    "group": ("Group", "Coded: the group's number, labelled with its name; missing for a site-wide round"),
    "date": ("Date the questionnaire was filled in", "Date"),
    "paper": ("Entered from paper", "Coded"),
}
WORDS = {"=": "is", "!=": "is not", "<": "is less than", "<=": "is at most", ">": "is more than", ">=": "is at least"}


def _codes(pairs) -> str:
    return "; ".join(_code_list(pairs))


def _code_list(pairs) -> list[str]:
    return [f"{code} = {label}" for code, label in pairs]


class _Words:
    """An expression tree in words: ${previous} = 'yes' -> previous is “Yes”."""

    def __init__(self, choices: dict[str, dict[str, str]], subject: str):
        self.choices = choices  # question name -> choice name -> label
        self.subject = subject  # the question the rule belongs to (what "." is)

    def __call__(self, node, top: bool = True) -> str:
        head = node[0]
        if head in ("and", "or"):
            text = f"{self(node[1], top=False)} {head} {self(node[2], top=False)}"
            return text if top or head == "and" else f"({text})"
        if head == "not":
            return f"not ({self(node[1])})"
        if head == "selected":
            name = self.name(node[1])
            return f"{name} includes {self.value(node[1], ['str', node[2]])}"
        op, left, right = node[1], node[2], node[3]
        if right == ["str", ""] and op in ("=", "!="):
            return f"{self.name(left)} {'is not answered' if op == '=' else 'is answered'}"
        return f"{self.name(left)} {WORDS[op]} {self.value(left, right)}"

    def name(self, node) -> str:
        if node[0] == "ref":
            return node[1]
        if node[0] == "self":
            return "the answer"
        return self.value(None, node)

    def value(self, subject, node) -> str:
        if node[0] in ("ref", "self"):
            return self.name(node)
        if node[0] == "num":
            return node[1]
        question = subject[1] if subject and subject[0] == "ref" else self.subject
        label = self.choices.get(question, {}).get(node[1])
        return f"“{label}”" if label else f"“{node[1]}”"


def in_words(text: str, *, choices: dict[str, dict[str, str]], subject: str) -> str:
    """A relevant or constraint expression in words, choice names given as their labels; as typed if it is not
    one we read."""
    try:
        tree = parse(text)
    except ExpressionError:
        return text
    return _Words(choices, subject)(tree) if tree is not None else ""


def codebook_rows(version) -> list[dict]:
    """One dict per variable of this version (keys of COLUMNS, and `code_list`: the codes one by one), in the
    form's order, then the response's own variables."""
    questionnaire = version.questionnaire
    variables = dataset_variables(questionnaire)
    by_question: dict[str, list] = {}
    for variable in variables:
        by_question.setdefault(variable.question or f"({variable.key})", []).append(variable)
    versions: dict[str, list[str]] = {}
    for name, label in (
        Question.objects.filter(version__questionnaire=questionnaire)
        .exclude(type=QuestionType.NOTE)
        .order_by("version_id")
        .values_list("name", "version__version")
    ):
        versions.setdefault(name, []).append(label)
    questions = list(version.questions.exclude(type=QuestionType.NOTE).prefetch_related("choices"))
    choices = {q.name: {c.name: c.label or c.name for c in q.choices.all()} for q in questions}
    rows = []
    for question in questions:
        own = choices[question.name]
        common = {
            "question": question.name,
            "text": question.label,
            "asked_if": in_words(question.relevant, choices=choices, subject=question.name),
            "constraint": _constraint(question, choices),
            "required": _required(question),
            "versions": ", ".join(versions.get(question.name, [])),
        }
        for variable in by_question.get(question.name, []):
            if variable.kind == BINARY and variable.choice not in own:
                continue  # a choice only another version has
            row = {"variable": variable.names["r"], **common, **{p: variable.names[p] for p in ("spss", "stata", "r")}}
            if variable.kind == BINARY:
                row["text"] = f"{question.label}: {own[variable.choice]}"
                row["code_list"] = _code_list(CHOSEN.items())
            else:
                row["code_list"] = _code_list((variable.codes[c], label) for c, label in own.items())
            row["codes"] = "; ".join(row["code_list"])
            row["type"] = TYPES[question.type]
            rows.append(row)
    every = ", ".join(v.version for v in questionnaire.versions.order_by("pk"))
    for key, (text, kind) in META.items():
        variable = by_question[f"({key})"][0]
        names = {p: variable.names[p] for p in ("spss", "stata", "r")}
        rows.append(
            {"variable": variable.names["r"], "question": "", "text": text, "type": kind,
             "codes": _codes(PAPER.items()) if key == "paper" else "", "asked_if": "", "constraint": "",
             "code_list": _code_list(PAPER.items()) if key == "paper" else [],
             "required": "always recorded", "versions": every, **names}
        )  # fmt: skip
    return rows


def _constraint(question, choices) -> str:
    if not question.constraint:
        return ""
    words = in_words(question.constraint, choices=choices, subject=question.name)
    return f"{words} (“{question.constraint_message}”)" if question.constraint_message else words


def _required(question) -> str:
    if not question.required:
        return "no"
    return "yes, when asked" if question.relevant else "yes"


def _table(version) -> list[list[str]]:
    rows = codebook_rows(version)
    return [[label for _, label in COLUMNS]] + [[neutralise(row[key]) for key, _ in COLUMNS] for row in rows]


def write_codebook_csv(version) -> bytes:
    return write_csv(_table(version))


def write_codebook_xlsx(version) -> bytes:
    return write_xlsx(_table(version))


def render_codebook_html(version) -> str:
    """The codebook as the HTML page that becomes the PDF (text escaped by the template engine)."""
    context = {"version": version, "questionnaire": version.questionnaire, "rows": codebook_rows(version),
               "made_on": timezone.localdate()}  # fmt: skip
    return render_to_string("evaluation/codebook_pdf.html", context)


def write_codebook_pdf(version) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """The codebook is one self-contained page: it may load nothing at all."""

        def fetch(self, url, headers=None):
            raise ValueError(f"refused to fetch {url[:80]}: the codebook loads nothing")

    return HTML(string=render_codebook_html(version), url_fetcher=NoFetching()).write_pdf()


WRITERS = {
    "csv": (write_codebook_csv, "text/csv; charset=utf-8"),
    "xlsx": (write_codebook_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (write_codebook_pdf, "application/pdf"),
}
