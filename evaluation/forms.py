"""Forms: XLSForm and response uploads, rounds, filters, and the questionnaire itself built from its questions."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from evaluation.markup import render_inline, render_label
from evaluation.models import Audience, CollectionRound, QuestionType
from evaluation.rules import check, convert, rules_for
from pilot.dates import check_plausible_date
from pilot.uploads import check_upload

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
NEEDED = {"required": "An answer is needed."}
# Answers the form takes as text and evaluation.rules turns into what is stored.
CONVERTED = {QuestionType.TIME, QuestionType.DATETIME, QuestionType.ACKNOWLEDGE, QuestionType.RANGE}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(label="XLSForm workbook (.xlsx)", help_text="Sheets survey, choices and settings.")
    audience = forms.ChoiceField(choices=Audience.choices, label="Who answers it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "Import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, allowed={"xlsx"})
        return upload


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(label="Responses (.csv or .xlsx)", help_text="Header row = question names.")
    round = forms.ModelChoiceField(
        queryset=CollectionRound.objects.none(),
        required=False,
        label="Round",
        empty_label="Taken from the file's _round column",
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "Check and import"))


class GroupBySiteSelect(forms.Select):
    """Group choices that carry their site (data-site), so the page offers only the chosen site's groups
    (static/js/round-form.js); the form checks the pair again on the server."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-site"] = str(instance.site_id)
        return option


class RoundForm(forms.ModelForm):
    class Meta:
        model = CollectionRound
        fields = ["name", "version", "programme", "site", "group", "opens_on", "closes_on"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "group": GroupBySiteSelect()}
        help_texts = {"name": "For example: Autumn, Sheffield group", "group": "Leave blank for the whole site."}

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = questionnaire.versions.all()
        self.fields["version"].initial = questionnaire.current_version
        self.fields["group"].queryset = self.fields["group"].queryset.select_related("site")
        self.fields["group"].label_from_instance = lambda g: f"{g.name} ({g.site.name})"
        self.fields["group"].widget.attrs["data-filter-by"] = "id_site"
        for name in ("opens_on", "closes_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
            self.fields[name].validators.append(check_plausible_date)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Open the round"))

    def clean(self):
        data = super().clean()
        site, group = data.get("site"), data.get("group")
        if site and group and group.site_id != site.pk:
            self.add_error("group", f"{group.name} is not a group of {site.name}.")
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The round must close on or after the day it opens.")
        return data


class FilterForm(forms.Form):
    """Filters for the responses table and the summary (GET)."""

    round = forms.ModelChoiceField(queryset=CollectionRound.objects.none(), required=False, empty_label="All rounds")
    site = forms.ModelChoiceField(queryset=None, required=False, empty_label="All sites")
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups")
    date_from = forms.DateField(required=False, widget=DateInput(), input_formats=DATE_INPUT_FORMATS, label="From",
                                validators=[check_plausible_date])  # fmt: skip
    date_to = forms.DateField(required=False, widget=DateInput(), input_formats=DATE_INPUT_FORMATS, label="To",
                              validators=[check_plausible_date])  # fmt: skip

    def __init__(self, *args, rounds, sites, groups, period=None, **kwargs):
        """With a `period` (the summary page), the dates are the period's and travel as hidden fields."""
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["site"].queryset = sites
        self.fields["group"].queryset = groups
        self.period = period
        if period is not None:
            del self.fields["date_from"], self.fields["date_to"]
            for name, value in period.query().items():
                self.fields[name] = forms.CharField(widget=forms.HiddenInput, required=False, initial=value)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end filter-form"
        self.helper.layout = Layout(
            *(
                name if isinstance(field.widget, forms.HiddenInput) else Div(name, css_class="col-12 col-sm-6 col-lg")
                for name, field in self.fields.items()
            ),
        )
        self.helper.add_input(Submit("filter", "Apply filters", css_class="btn-secondary"))

    def filters(self) -> dict:
        """round, site, group and dates (the period's, when the form has one) as responses_in_scope takes them."""
        found = {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}
        found = {k: v for k, v in found.items() if k in ("round", "site", "group", "date_from", "date_to")}
        if self.period is not None:
            found.update(date_from=self.period.start, date_to=self.period.end)
        return found


def _field_for(question, *, own_required: bool):
    # Label, hint and choice labels are rendered once by evaluation.markup (HTML off, sanitised), so any
    # template that shows them (ours, crispy's, Django's own, which print help text unescaped) gets the cleaned text.
    label = render_inline(question.label)
    if question.required and question.relevant:
        label = format_html("{} (required)", label)
    common = {"label": label, "help_text": render_label(question.hint) if question.hint else "",
              "required": own_required, "error_messages": NEEDED}  # fmt: skip
    if question.type == QuestionType.INTEGER:
        return forms.IntegerField(
            min_value=-(10**11), max_value=10**11, widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **common
        )
    if question.type == QuestionType.DECIMAL:
        return forms.DecimalField(max_digits=18, decimal_places=6, widget=forms.NumberInput(attrs={"step": "any"}),
                                  **common)  # fmt: skip
    if question.type == QuestionType.DATE:
        return forms.DateField(widget=DateInput(), input_formats=DATE_INPUT_FORMATS, validators=[check_plausible_date],
                               **common)  # fmt: skip
    if question.type == QuestionType.RANGE:
        params = question.parameters or {}
        attrs = {"min": params.get("start", "1"), "max": params.get("end", "10"), "step": params.get("step", "1")}
        if float(attrs["min"]) > float(attrs["max"]):
            attrs["min"], attrs["max"] = attrs["max"], attrs["min"]
        scale = f"From {params.get('start', '1')} to {params.get('end', '10')}."
        common["help_text"] = format_html("{} {}", common["help_text"], scale) if common["help_text"] else scale
        return forms.DecimalField(max_digits=18, decimal_places=6, widget=forms.NumberInput(attrs=attrs), **common)
    if question.type == QuestionType.TIME:
        return forms.CharField(max_length=20, widget=forms.TimeInput(attrs={"type": "time"}), **common)
    if question.type == QuestionType.DATETIME:
        return forms.CharField(max_length=30, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if question.type == QuestionType.ACKNOWLEDGE:
        return forms.BooleanField(**common)
    choices = [(c.name, render_inline(c.label or c.name)) for c in question.choices.all()]
    if question.type == QuestionType.RANK:
        return RankField(choices=choices, **common)
    if question.type == QuestionType.SELECT_ONE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.type == QuestionType.SELECT_MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)


class RankWidget(forms.MultiWidget):
    def decompress(self, value):
        return (value or "").split()


class RankField(forms.MultiValueField):
    """A ranking: one list of the choices per place (1st, 2nd, ...); the answer is the names in order."""

    def __init__(self, *, choices, required, **kwargs):
        places = [forms.ChoiceField(choices=[("", "—"), *choices], required=False) for _ in choices]
        widget = RankWidget(
            [
                forms.Select(choices=[("", f"Place {n}: —"), *choices], attrs={"aria-label": f"Place {n}"})
                for n in range(1, len(choices) + 1)
            ]  # fmt: skip
        )
        super().__init__(fields=places, widget=widget, require_all_fields=False, required=required, **kwargs)

    def compress(self, data_list):
        picked = [name for name in (data_list or []) if name]
        if len(set(picked)) != len(picked):
            raise ValidationError("Each choice can take only one place.")
        return " ".join(picked)


@dataclass
class Section:
    """A run of questions under one XLSForm group label (blank: outside any group); items are notes or fields."""

    title: str
    items: list = dataclass_field(default_factory=list)


@dataclass
class Item:
    """A note (its text in `note`) or a question (its bound field in `field` once bound_sections() is called)."""

    name: str
    note: str | None = None
    field: object = None


class QuestionnaireForm(forms.Form):
    """The questionnaire, one field per question; required, relevant and constraint are checked in clean().

    Rendered by evaluation/_questionnaire_form.html from `sections`: group labels and notes are
    data shown through evaluation.markup, never crispy layout objects (those run as templates).
    """

    def __init__(self, *args, version, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.paper = paper
        self.rules = rules_for(version)
        self.values: dict = {}
        self.sections: list[Section] = []
        for question in version.questions.prefetch_related("choices").order_by("position"):
            if not self.sections or self.sections[-1].title != question.section:
                self.sections.append(Section(question.section))
            items = self.sections[-1].items
            if question.type == QuestionType.CALCULATE:
                continue  # stored when a file of responses brings it, never shown
            if question.type == QuestionType.NOTE:
                items.append(Item(question.name, note=question.label))
                continue
            # Without a skip rule, "required" is safe to enforce in the browser even without JavaScript.
            self.fields[question.name] = _field_for(question, own_required=question.required and not question.relevant)
            items.append(Item(question.name))
        if paper:
            self.fields["_submitted_on"] = forms.DateField(
                label="Date the paper questionnaire was filled in",
                initial=timezone.localdate,
                widget=DateInput(),
                input_formats=DATE_INPUT_FORMATS,
                validators=[check_plausible_date],
            )
        self.submit_label = "Save this paper response" if paper else "Send my answers"

    def paper_date(self):
        """The bound paper-date field (paper entry only)."""
        return self["_submitted_on"] if self.paper else None

    def bound_sections(self) -> list[Section]:
        """The sections with bound fields in place of field names, for the template."""
        return [
            Section(s.title, [Item(i.name, i.note, None if i.note is not None else self[i.name]) for i in s.items])
            for s in self.sections
        ]

    def clean_date_field(self, value):
        if value and value > timezone.localdate():
            raise ValidationError("The date cannot be in the future.")
        return value

    def clean(self):
        data = super().clean()
        if "_submitted_on" in data:
            try:
                self.clean_date_field(data["_submitted_on"])
            except ValidationError as exc:
                self.add_error("_submitted_on", exc)
        values = {}
        for rule in self.rules:
            value = data.get(rule.name)
            if rule.name in self.errors:
                continue
            if value is None or value == "" or value == []:
                values[rule.name] = ""
            elif rule.type == QuestionType.INTEGER:
                values[rule.name] = Decimal(value)
            elif rule.type in CONVERTED:
                try:
                    values[rule.name] = convert(rule, "OK" if value is True else str(value))
                except ValueError as exc:
                    self.add_error(rule.name, str(exc)[:1].upper() + str(exc)[1:] + ".")
                    continue
            else:
                values[rule.name] = value
        kept, errors = check(self.rules, values)
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        self.values = kept
        return data
