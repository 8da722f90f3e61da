"""The request form: one per kind, offering only the filters that kind uses and the user may pick."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from evaluation.models import CollectionRound, Questionnaire
from groups.models import Group
from pilot.disclosure import PROCESSORS
from pilot.roles import role_of
from programmes.models import Programme
from programmes.periods import default_period
from reports import conf
from reports.models import ReportFormat, ReportKind
from reports.services import with_default_period
from sites.models import HostSite

FILTERS = {
    ReportKind.QUESTIONNAIRE_SUMMARY: (
        "programme",
        "questionnaire",
        "round",
        "site",
        "group",
        "date_from",
        "date_to",
        "by_site",
        "figures",
    ),
    ReportKind.MONITORING: ("programme", "site", "group", "date_from", "date_to", "figures"),
    ReportKind.SITE_PROGRESS: ("programme", "site", "date_from", "date_to", "figures"),
    ReportKind.EVALUATION_PACK: ("programme", "date_from", "date_to", "figures"),
}
FIGURES = [
    ("published", "Published figures: small numbers hidden, fit to share"),
    ("exact", "Exact figures, for your own analysis: not for publication"),
]


class UpdateChoices(Submit):
    """A secondary button, hidden when JavaScript runs (htmx updates the choices then)."""

    field_classes = "btn btn-outline-secondary ms-2 without-js"


# The fields whose choice narrows another's: a questionnaire its rounds, a site its rounds and groups.
DEPENDS_ON = ("questionnaire", "site")


class ReportRequestForm(forms.Form):
    """The request form. Choices depend on each other: the rounds of the chosen questionnaire (at the chosen site),
    the groups of the chosen site. With JavaScript, htmx asks for the form again when a questionnaire or site is
    chosen; without it, "Update the choices" does the same. The server checks the combination either way."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        empty_label="No programme: the dates below",
        help_text="A programme is its period and its host sites; dates below narrow it.",
    )
    format = forms.ChoiceField(choices=ReportFormat.choices, initial=ReportFormat.PDF, widget=forms.RadioSelect)
    questionnaire = forms.ChoiceField(required=True)
    site = forms.ModelChoiceField(queryset=None, required=False, to_field_name="slug", empty_label="All sites")
    round = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Collection round",
        empty_label="All rounds",
        error_messages={"invalid_choice": "Choose a round from the list."},
    )
    group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All groups",
        error_messages={"invalid_choice": "Choose a group from the list."},
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        help_text="As DD/MM/YYYY. With no programme and neither date, the report covers the last 12 months.",
    )
    date_to = forms.DateField(required=False, label="To", help_text="As DD/MM/YYYY.")
    by_site = forms.BooleanField(required=False, label="Add a breakdown by site")
    figures = forms.ChoiceField(
        choices=FIGURES,
        initial="published",
        required=False,
        widget=forms.RadioSelect,
        label="Figures",
        help_text="Exact figures can point at someone; share only published ones (docs/privacy.md).",
    )

    def __init__(self, *args, kind: str, user, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        self._default_period()
        self.fields["format"].help_text = (
            f"A PDF lays out at most {conf.pdf_max_rows():,} table rows; a report larger than that is refused as PDF "
            "and comes as XLSX or CSV, which hold any size."
        )
        sites = HostSite.objects.visible_to(user).order_by("name")
        self.fields["site"].queryset = sites
        self.fields["group"].queryset = (
            Group.objects.visible_to(user).select_related("site").order_by("site__name", "name")
        )
        self.fields["group"].label_from_instance = lambda g: f"{g.site.name}: {g.name}"
        self.fields["round"].queryset = (
            CollectionRound.objects.visible_to(user)
            .select_related("questionnaire", "site")
            .order_by("-opens_on", "name")
        )
        self.fields["round"].label_from_instance = round_label
        if role_of(user) not in PROCESSORS:
            del self.fields["figures"]  # everyone else gets published figures, always
        for name in list(self.fields):
            if name != "format" and name not in FILTERS[kind]:
                del self.fields[name]
        if "questionnaire" in self.fields:
            self._questionnaire_choices(user)
        self._narrow_choices()
        for name in DEPENDS_ON:
            if name in self.fields and refresh_url:
                # htmx: choosing one asks the server for the form again with the choices it allows.
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": refresh_url,
                        "hx-trigger": "change",
                        "hx-target": "#report-form-box",
                        "hx-select": "#report-form-box",
                        "hx-swap": "outerHTML",
                        "hx-vals": '{"refresh": "1"}',
                    }
                )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Build the report"))
        if any(name in self.fields for name in DEPENDS_ON):
            # Without JavaScript: send the choices so far and get the form back with the choices they allow.
            self.helper.add_input(UpdateChoices("refresh", "Update the choices", formnovalidate="formnovalidate"))

    def _default_period(self) -> None:
        """Preset the pages' default period (programmes.periods.default_period: the programme running today, else
        the latest), else the last 12 months as dates; never everything since the first meeting."""
        period = default_period()
        if period.programme is not None:
            self.fields["programme"].initial = period.programme.pk
        else:
            self.fields["date_from"].initial, self.fields["date_to"].initial = period.start, period.end

    def chosen(self, name: str):
        """The value chosen for a field so far: the submitted one, else the initial one (a refresh)."""
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return value or None

    def _questionnaire_choices(self, user) -> None:
        rows = list(
            Questionnaire.objects.visible_to(user).order_by("title", "form_id").values_list("form_id", "title")
        )
        titles = [title for _, title in rows]
        # A questionnaire is known by its title; its form id is added only where two share a title.
        choices = [(form_id, title if titles.count(title) == 1 else f"{title} ({form_id})") for form_id, title in rows]
        self.fields["questionnaire"].choices = [("", "Choose a questionnaire")] + choices

    def _narrow_choices(self) -> None:
        """Offer only the rounds of the chosen questionnaire (and site) and the groups of the chosen site.

        The querysets stay whole so that a choice outside the list is answered at its field with a reason (clean)."""
        questionnaire, site = self.chosen("questionnaire"), self.chosen("site")
        if "round" in self.fields:
            self._narrow_rounds(questionnaire, site)
        if "group" in self.fields:
            groups = self.fields["group"].queryset
            if site:
                groups = groups.filter(site__slug=site)
                self.fields["group"].help_text = "The groups of the chosen site."
            self.fields["group"].widget.choices = [("", "All groups")] + [
                (g.pk, f"{g.site.name}: {g.name}") for g in groups
            ]

    def _narrow_rounds(self, questionnaire, site) -> None:
        rounds = self.fields["round"].queryset
        if questionnaire:
            rounds = rounds.filter(questionnaire__form_id=questionnaire)
            if site:
                rounds = rounds.filter(site__slug=site)
            self.fields["round"].help_text = "The rounds of the chosen questionnaire" + (
                " at the chosen site." if site else "."
            )
        else:
            rounds = rounds.none()
            self.fields["round"].help_text = "Choose a questionnaire first; its rounds are then offered here."
        self.fields["round"].widget.choices = [("", "All rounds")] + [(r.pk, round_label(r)) for r in rounds]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        site, group, round_ = data.get("site"), data.get("group"), data.get("round")
        if site and group and group.site_id != site.pk:
            self.add_error("group", f"{group.name} meets at {group.site.name}, not at {site.name}. Choose one of "
                           f"{site.name}'s groups, or all groups.")  # fmt: skip
        form_id = data.get("questionnaire")
        if round_ is not None and form_id and round_.questionnaire.form_id != form_id:
            self.add_error(
                "round",
                f"“{round_.name}” is a round of “{round_.questionnaire.title}”, not of the chosen questionnaire. "
                "Choose one of its rounds, or all rounds.",
            )
        elif round_ is not None and site and round_.site_id != site.pk:
            self.add_error(
                "round",
                f"“{round_.name}” was held at {round_.site.name}, not at {site.name}. Choose a round at "
                f"{site.name}, or all rounds.",
            )
        return data

    def parameters(self) -> dict:
        """The filters as JSON-safe parameters for the request."""
        data = self.cleaned_data
        if "programme" in self.fields:  # nothing chosen: the last 12 months, as the form offered
            data = with_default_period(self.kind, data)
        out = {}
        for name in FILTERS[self.kind]:
            if name not in self.fields:
                continue
            value = data.get(name)
            if name == "site" and value:
                value = value.slug
            elif name in ("group", "programme", "round") and value:
                value = value.pk
            elif name == "figures" and value != "exact":
                value = None  # published figures are the default, for everyone
            out[name] = value
        return out


def round_label(round_) -> str:
    """A round in words: its name and site ("Autumn 2009 members' questionnaire, Birmingham and Solihull")."""
    return f"{round_.name}, {round_.site.name}"
