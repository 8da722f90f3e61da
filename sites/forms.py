"""Forms of the sites app; each carries its crispy FormHelper."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from pilot.forms import PlausibleDatesMixin, VersionedFormMixin
from sites.lifecycle import next_statuses
from sites.models import Application, EntryKind, HostSite, SitePerson, Status, SustainabilityPlan
from sites.services import RESERVED_SLUGS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(submit: str, action: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    if action:
        helper.form_action = action
    helper.add_input(Submit("submit", submit))
    return helper


class ProgressEntryForm(PlausibleDatesMixin, forms.Form):
    """The quick-add form on a site page (and, with a site field, on the network log)."""

    day = forms.DateField(label="Date", widget=DATE_INPUT, initial=timezone.localdate)
    kind = forms.ChoiceField(label="Kind", choices=EntryKind.choices, initial=EntryKind.CONTACT)
    note = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write what happened."},
    )
    follow_up_on = forms.DateField(
        label="Follow up by (optional)",
        widget=DATE_INPUT,
        required=False,
        help_text="It appears on the coordinator's overdue list once this date has passed.",
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add to the log", action)
        if action:
            # With JavaScript, the log section is swapped in place; without, the form posts normally.
            self.helper.attrs = {
                "hx-post": action,
                "hx-target": "#log",
                "hx-select": "#log",
                "hx-swap": "outerHTML",
            }
        self.helper.layout = Layout(
            Div(Div("day", css_class="col-sm-6"), Div("kind", css_class="col-sm-6"), css_class="row"),
            "note",
            "follow_up_on",
        )

    def clean(self):
        data = super().clean()
        day, follow = data.get("day"), data.get("follow_up_on")
        if day and day > timezone.localdate():
            self.add_error("day", "The log records what has happened: the date cannot be in the future.")
        if day and follow and follow < day:
            self.add_error("follow_up_on", "The follow-up date cannot be before the entry's date.")
        if "note" in data and not data["note"].strip():
            self.add_error("note", "Write what happened.")
        return data


class StatusChangeForm(PlausibleDatesMixin, forms.Form):
    to_status = forms.ChoiceField(label="New status")
    on = forms.DateField(label="Date", widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="Needed for a withdrawal, an ending or a reactivation: say why.",
    )

    def __init__(self, *args, current: str, action: str = "", **kwargs):
        # Prefixed: it shares the site page with the log form, whose fields have the same names.
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        # Offer the next steps first, but accept any status so an illegal jump gets a clear message.
        offered = next_statuses(current)
        rest = [s for s in Status if s not in offered and s != current]
        # Nothing is chosen at first: a status change is a deliberate choice, never the first option by default.
        choices = [(s.value, s.label) for s in offered + rest]
        self.fields["to_status"].choices = [("", "Choose the new status"), *choices]
        self.helper = _helper("Record the change", action)


class HostSiteForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = HostSite
        fields = [
            "agency_name",
            "name",
            "slug",
            "locality",
            "region",
            "setting",
            "provider_type",
            "address",
            "phone",
            "email",
            *HostSite.COMMITMENT_FIELDS,
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, can_rename: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_rename:
            # The slug is in everyone's links; only the coordinator changes it.
            self.fields["slug"].disabled = True
        self.helper = _helper("Save")
        self.helper.layout = Layout(
            Fieldset("The site", "agency_name", "name", "slug", "locality", "region", "setting", "provider_type"),
            Fieldset("How to reach the agency", "address", "phone", "email"),
            Fieldset("Support the agency commits to", *HostSite.COMMITMENT_FIELDS),
            "version",
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError("That address is used by another page; choose another.")
        return slug


class SitePersonForm(forms.ModelForm):
    class Meta:
        model = SitePerson
        fields = ["name", "role", "kind", "is_named_contact", "email", "phone", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "A first name and surname or the name they work under."
        self.helper = _helper("Save")

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give an email address or a phone number so the coordinator can reach them.")
        return data


class ApplicationForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "agency_name",
            "locality",
            "region",
            "setting",
            "provider_type",
            "received_on",
            *Application.REASON_FIELDS,
            "reasons_text",
            *Application.SCORE_FIELDS,
        ]
        widgets = {"received_on": DATE_INPUT, "reasons_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Application.SCORE_FIELDS:
            self.fields[name].help_text = "0 (poor) to 5 (strong); leave empty until scored."
            self.fields[name].widget.attrs.update({"min": 0, "max": 5})
        self.helper = _helper("Save")
        self.helper.layout = Layout(
            Fieldset("The applicant", "agency_name", "locality", "region", "setting", "provider_type", "received_on"),
            Fieldset("Reasons for applying", *Application.REASON_FIELDS, "reasons_text"),
            Fieldset("Scores on the four criteria", *(Field(f) for f in Application.SCORE_FIELDS)),
        )


class DecisionForm(PlausibleDatesMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=[("selected", "Select"), ("not_selected", "Do not select")])
    on = forms.DateField(label="Date", widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the decision", action)


class LogFilterForm(PlausibleDatesMixin, forms.Form):
    site = forms.ModelChoiceField(queryset=HostSite.objects.none(), required=False, empty_label="All sites")
    kind = forms.ChoiceField(choices=[("", "All kinds"), *EntryKind.choices], required=False)
    date_from = forms.DateField(label="From", required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label="To", required=False, widget=DATE_INPUT)

    def __init__(self, *args, sites, **kwargs):
        # Its own ids: the network log page also has an add form with a site and a kind.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].to_field_name = "slug"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end of the range is before its start.")
        return data


class NetworkEntryForm(ProgressEntryForm):
    """The network log's add form: the coordinator chooses a site or leaves it network-wide."""

    site = forms.ModelChoiceField(
        queryset=HostSite.objects.none(), required=False, empty_label="Network-wide (no one site)"
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.helper.attrs = {}  # a plain post: the network log page has no log section to swap
        self.helper.layout.fields.insert(0, "site")


class ReadinessForm(VersionedFormMixin, PlausibleDatesMixin, forms.Form):
    """A site's readiness checklist: per item of its checklist (sites.selectors.readiness_for), done or not and
    the day it was done (today if left empty)."""

    def __init__(self, *args, items, readiness=None, **kwargs):
        self.versioned_instance = readiness
        self.items = list(items)
        super().__init__(*args, **kwargs)
        ticks = readiness.ticks if readiness is not None else {}
        rows = []
        for i, item in enumerate(self.items):
            tick = ticks.get(item.key)
            self.fields[f"done_{i}"] = forms.BooleanField(
                label=item.label, required=False, initial=bool(tick), help_text=item.help_text
            )
            self.fields[f"on_{i}"] = forms.DateField(
                label="Done on",
                required=False,
                initial=tick["on"] if tick else None,
                # Several fields labelled "Done on": each names its item to a screen reader.
                widget=forms.DateInput(attrs={"type": "date", "aria-label": f"{item.label}: done on"}),
                help_text="Left empty: today.",
            )
            rows.append(Div(Field(f"done_{i}"), Field(f"on_{i}"), css_class="readiness-item"))
        self.helper = _helper("Save the checklist")
        self.helper.layout = Layout(*rows, "version")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        ticks = {}
        for i, item in enumerate(self.items):
            on = data.get(f"on_{i}")
            if on is not None and on > today:
                self.add_error(f"on_{i}", "This day is still to come; record the item once it is done.")
            elif on is not None and not data.get(f"done_{i}"):
                self.add_error(f"done_{i}", "Tick the item, or clear its date.")
            elif data.get(f"done_{i}"):
                ticks[item.key] = on or today
        data["ticks"] = ticks
        return data


class SustainabilityPlanForm(VersionedFormMixin, PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = SustainabilityPlan
        fields = ["future", "next_host", "venue_secured_until", "funding_source", "local_support", "risks"]
        widgets = {
            "venue_secured_until": forms.DateInput(attrs={"type": "date"}),
            "risks": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "future": "Secure: hosted, housed and supported after the funding. At risk: some of that is in doubt. "
            "Ending: the groups are expected to stop.",
            "local_support": "A named person or organisation that will keep supporting the group.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save the plan")
