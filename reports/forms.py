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
from reports.models import ReportFormat, ReportKind
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


class ReportRequestForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        empty_label="No programme: the dates below",
        help_text="A programme is its period and its host sites; dates below narrow it.",
    )
    format = forms.ChoiceField(choices=ReportFormat.choices, initial=ReportFormat.PDF, widget=forms.RadioSelect)
    questionnaire = forms.ChoiceField(required=True)
    round = forms.ChoiceField(required=False, label="Collection round")
    site = forms.ModelChoiceField(queryset=None, required=False, to_field_name="slug", empty_label="All sites")
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups")
    date_from = forms.DateField(required=False, label="From", help_text="As DD/MM/YYYY.")
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

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["programme"].queryset = Programme.objects.visible_to(user)
        default = default_period().programme
        self.fields["programme"].initial = default.pk if default else None
        self.fields["site"].queryset = HostSite.objects.visible_to(user).order_by("name")
        groups = Group.objects.visible_to(user).select_related("site")
        self.fields["group"].queryset = groups.order_by("site__name", "name")
        self.fields["group"].label_from_instance = lambda g: f"{g.site.name}: {g.name}"
        self._questionnaire_choices()
        if role_of(user) not in PROCESSORS:
            del self.fields["figures"]  # everyone else gets published figures, always
        for name in list(self.fields):
            if name != "format" and name not in FILTERS[kind]:
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Build the report"))

    def _questionnaire_choices(self) -> None:
        choices = []
        seen = set()
        for form_id, title in Questionnaire.objects.order_by("form_id", "-pk").values_list("form_id", "title"):
            if form_id not in seen:
                seen.add(form_id)
                choices.append((form_id, f"{title} ({form_id})"))
        self.fields["questionnaire"].choices = [("", "Choose a questionnaire")] + choices
        rounds = [("", "All rounds")]
        rounds += [(str(r.pk), str(r)) for r in CollectionRound.objects.order_by("-pk")[:200]]
        self.fields["round"].choices = rounds

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        site, group = data.get("site"), data.get("group")
        if site and group and group.site_id != site.pk:
            self.add_error("group", "That group does not meet at the chosen site.")
        return data

    def parameters(self) -> dict:
        """The filters as JSON-safe parameters for the request."""
        data = self.cleaned_data
        out = {}
        for name in FILTERS[self.kind]:
            if name not in self.fields:
                continue
            value = data.get(name)
            if name == "site" and value:
                value = value.slug
            elif name in ("group", "programme") and value:
                value = value.pk
            elif name == "figures" and value != "exact":
                value = None  # published figures are the default, for everyone
            out[name] = value
        return out
