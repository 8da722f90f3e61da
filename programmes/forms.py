"""Forms for programmes: the programme itself, a site taking part, a reporting duty."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from pilot.forms import DateInput, PlausibleDatesMixin, VersionedFormMixin
from programmes.models import Programme, ProgrammeSite, ReadinessItem, ReportingDuty
from sites.models import HostSite


class ProgrammeForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "funder", "starts_on", "ends_on", "support_policy", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"starts_on": "Starts on", "ends_on": "Ends on"}
        help_texts = {"funder": "For example: Department of Health; the local authority's commissioning team."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a form posted before the policy existed: keep the record's policy (a new one: on request).
        self.fields["support_policy"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the programme"))

    def clean_support_policy(self):
        return self.cleaned_data.get("support_policy") or self.instance.support_policy


class ProgrammeSiteForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeSite
        fields = ["site", "joined_on", "left_on"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}
        labels = {"joined_on": "Joined on", "left_on": "Left on (if it has)"}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        taking_part = programme.memberships.values_list("site_id", flat=True)
        self.fields["site"].queryset = HostSite.objects.exclude(pk__in=taking_part).order_by("name")
        self.fields["joined_on"].initial = programme.starts_on
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Add the site"))


class ReportingDutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = ["report_kind", "frequency", "format", "recipients", "share_with"]
        labels = {"report_kind": "Report"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Add the duty"))


class ReadinessItemForm(forms.ModelForm):
    """An item of the programme's own readiness checklist: its wording and a line of help."""

    class Meta:
        model = ReadinessItem
        fields = ["label", "help_text"]
        labels = {"label": "Item", "help_text": "Help text"}
        help_texts = {"label": "What must be in place before the site's facilitator training."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Add the item"))


class ReadinessItemEditForm(forms.ModelForm):
    class Meta:
        model = ReadinessItem
        fields = ["label", "help_text", "order", "active"]
        labels = {"label": "Item", "help_text": "Help text", "order": "Place in the list"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Save the item"))
