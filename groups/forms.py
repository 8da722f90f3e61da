"""Forms of the groups app; each carries its crispy FormHelper."""

from __future__ import annotations

import json
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from groups import conf, plausibility
from groups.models import (
    AGENDA_SECTIONS,
    MAIN_PROBLEMS,
    REFERRAL_SOURCES,
    TOOLS,
    ClosureReason,
    Facilitator,
    FidelityObservation,
    Group,
    GroupStatus,
    Meeting,
    SupportContact,
    VenueType,
    WellbeingCheckIn,
)
from groups.services import PROFESSIONAL_RULE
from pilot.forms import PlausibleDatesMixin, VersionedFormMixin
from training.selectors import training_status

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*", "min": 0}
COUNT_FIELDS = [name for name, _ in REFERRAL_SOURCES + MAIN_PROBLEMS]
HELD_CHOICES = [("yes", "Held"), ("no", "Cancelled")]


def _count(label: str, *, required: bool = False, max_value: int = 200) -> forms.IntegerField:
    message = f"Enter a whole number from 0 to {max_value}."
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        widget=forms.NumberInput(attrs={**NUMERIC, "max": max_value}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def _duplicate_slot() -> HTML:
    """Where "already registered" appears: on opening the form, when the date or group changes (htmx), and on
    submit without JavaScript (the view fills `existing`)."""
    return HTML('<div id="duplicate-warning" aria-live="polite">{% include "groups/_duplicate.html" %}</div>')


# Where the plausibility warnings about a field appear, with their confirm and change buttons. Literal
# templates, one per field: nothing but these fixed strings is ever rendered as a template.
_WARNINGS = {
    "date": HTML('{% include "groups/_plausibility.html" with field="date" %}'),
    "facilitators": HTML('{% include "groups/_plausibility.html" with field="facilitators" %}'),
    "attendance": HTML('{% include "groups/_plausibility.html" with field="attendance" %}'),
    "newcomers": HTML('{% include "groups/_plausibility.html" with field="newcomers" %}'),
}


def _warnings(field: str) -> HTML:
    return _WARNINGS[field]


class FacilitatorChoiceField(forms.ModelMultipleChoiceField):
    training: dict = {}

    show_site = False

    def label_from_instance(self, obj: Facilitator) -> str:
        label = f"{obj.display_name} · {obj.site.name}" if self.show_site else obj.display_name
        status = (self.training or {}).get(obj.pk)
        if status is not None and not status.trained:
            return f"{label} ({status.label})"
        return label


class ConfirmationsField(forms.Field):
    """The plausibility warnings the registrant confirmed (their tokens), carried in hidden inputs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        # One button may confirm several warnings at once (their tokens separated by spaces).
        tokens = [token for v in values for token in str(v).split()]
        # A handful of short tokens at most: anything else is not from this form and is dropped.
        return [t[:80] for t in tokens if t.split(":", 1)[0] in plausibility.CODES][:20]


class LongSelect(forms.Select):
    """A select for a long list (every group of the network): options written out here, escaped, instead of
    through a template per option, which took most of a meetings page's time with a thousand groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class MeetingForm(PlausibleDatesMixin, VersionedFormMixin, forms.Form):
    """Register (or change) one meeting on a phone: one submit, counts only, errors at the field.

    The form reads and checks the input. The rules (who may facilitate, the training gate, the date,
    counts within attendance) are the service's and the model's: the view shows their errors and
    warnings here (`form_add_service_errors`).
    """

    group = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label=None, widget=LongSelect)
    date = forms.DateField(
        label="Date of the meeting", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    held = forms.ChoiceField(label="Did the meeting happen?", choices=HELD_CHOICES, widget=forms.RadioSelect)
    cancelled_reason = forms.CharField(label="If cancelled, why?", max_length=200, required=False)
    facilitators = FacilitatorChoiceField(
        label="Facilitators present",
        queryset=Facilitator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Peer facilitators only. {PROFESSIONAL_RULE}",
        error_messages={
            "invalid_choice": f"Only this group's active peer facilitators can be listed. {PROFESSIONAL_RULE}",
            "invalid_pk_value": "Choose from the list.",
        },
    )
    # Required for a held meeting (clean); a cancelled one may leave them blank.
    attendance = _count("People attending")
    newcomers = _count("Of whom newcomers")
    duration_minutes = _count("Length in minutes", max_value=600)
    agenda = forms.MultipleChoiceField(
        label="Agenda covered", choices=AGENDA_SECTIONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    tools = forms.MultipleChoiceField(
        label="SMART tools used", choices=TOOLS, required=False, widget=forms.CheckboxSelectMultiple
    )
    donations = forms.DecimalField(
        label="Donations (£)",
        min_value=Decimal("0"),
        max_value=Decimal("99999.99"),
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": 0}),
        error_messages={"min_value": "Donations cannot be negative.", "invalid": "Enter an amount such as 4.50."},
    )
    professional_attended = forms.BooleanField(label="A professional attended", required=False)
    note = forms.CharField(
        label="Short note (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not write anyone's name or anything that could identify a member.",
    )

    confirmed = ConfirmationsField(required=False)

    def __init__(self, *args, groups, today=None, meeting: Meeting | None = None, **kwargs):
        self.versioned_instance = meeting
        super().__init__(*args, **kwargs)
        # Warnings to confirm (groups.plausibility), set by the view when the service asks for them.
        self.plausibility: list = []
        self.today = today or timezone.localdate()
        self.meeting = meeting
        self.existing_meeting: Meeting | None = None
        # "Same as last time": the agenda and tools of the group's last held meeting ({group id: LastTime}).
        self.last_times: dict = {}
        self.filled_as_last_time = False
        for name, label in REFERRAL_SOURCES + MAIN_PROBLEMS:
            self.fields[name] = _count(label)
        self.fields["group"].queryset = groups
        groups = list(groups)
        self.group_count = len(groups)
        self.single_group = groups[0] if len(groups) == 1 else None
        if len(groups) == 1:
            self.fields["group"].widget = forms.HiddenInput()
        self.fields["date"].widget.attrs["max"] = self.today.isoformat()
        # Choosing a date (or a group) asks at once whether that meeting is already registered.
        check = {
            "hx-get": reverse("groups:meeting_registered"),
            "hx-trigger": "change",
            "hx-target": "#duplicate-warning",
            "hx-include": "#id_group, #id_date",
        }
        if meeting is not None:
            check["hx-vals"] = json.dumps({"meeting": meeting.pk})
        self.fields["date"].widget.attrs.update(check)
        self.fields["group"].widget.attrs.update(check)
        site_ids = {g.site_id for g in groups}
        wanted = Q(site_id__in=site_ids, groups__in=groups, stepped_down_on__isnull=True, is_professional=False)
        if meeting is not None:
            wanted |= Q(pk__in=meeting.facilitators.values("pk"))
        facilitators = Facilitator.objects.filter(pk__in=Facilitator.objects.filter(wanted).values("pk"))
        self.fields["facilitators"].queryset = facilitators.select_related("site").order_by("display_name")
        self.fields["facilitators"].show_site = len(site_ids) > 1
        if conf.require_trained_facilitator() != "off":
            # Each choice says when no training is recorded; the service applies the rule.
            ids = list(self.fields["facilitators"].queryset.values_list("pk", flat=True))
            self.fields["facilitators"].training = training_status(ids)
        self.fields["attendance"].help_text = "Count the facilitators too."
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        pair = "col-6"
        optional = [Div(Field(name), css_class=pair) for name in COUNT_FIELDS]
        helper.layout = Layout(
            "group",
            "date",
            _duplicate_slot(),
            _warnings("date"),
            Field("held", css_class="held-choice"),
            Div("cancelled_reason", css_class="cancel-reason"),
            "facilitators",
            _warnings("facilitators"),
            Div(
                Div("attendance", css_class=pair),
                Div("newcomers", css_class=pair),
                css_class="row g-2 align-items-start held-only",
            ),
            _warnings("attendance"),
            _warnings("newcomers"),
            Div(
                Div("duration_minutes", css_class=pair),
                Div("donations", css_class=pair),
                css_class="row g-2 align-items-end",
            ),
            HTML(
                '<p class="form-text duration-hint mt-n2">Meetings usually last '
                "{{ form.usual_duration.0 }}-{{ form.usual_duration.1 }} minutes.</p>"
            ),
            "professional_attended",
            # Everything optional, folded: agenda, tools, how newcomers heard and what they came about, the note.
            HTML(
                '<details class="covered mb-3"{% if form.covered_open %} open{% endif %}>'
                "<summary>What you covered (optional)</summary>"
                '{% include "groups/_same_as_last_time.html" %}'
            ),
            Field("agenda", wrapper_class="two-columns"),
            Field("tools", wrapper_class="two-columns"),
            HTML(
                '<p class="fw-semibold mb-1">Newcomers: how they heard, what they came about (optional counts)</p>'
                '<div class="row g-2 align-items-end optional-counts">'
            ),
            *optional,
            HTML("</div>"),
            "note",
            HTML("</details>"),
            "version",
            "confirmed",
        )
        return helper

    @property
    def usual_duration(self) -> tuple[int, int]:
        return conf.usual_duration_range()

    @property
    def optional_errors(self) -> bool:
        return any(name in self.errors for name in COUNT_FIELDS)

    @property
    def covered_open(self) -> bool:
        """Unfold "What you covered" when something in it needs an answer, or was just filled in as last time."""
        folded = ("agenda", "tools", "note", *COUNT_FIELDS)
        return self.filled_as_last_time or (self.is_bound and any(name in self.errors for name in folded))

    def clean(self):
        data = super().clean()
        if data.get("held") == "yes":
            for name in ("attendance", "newcomers"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        self._check_duplicate(data)
        return data

    def _check_duplicate(self, data) -> None:
        group, day = data.get("group"), data.get("date")
        if group is None or day is None:
            return
        existing = Meeting.objects.filter(group=group, date=day)
        if self.meeting is not None:
            existing = existing.exclude(pk=self.meeting.pk)
        self.existing_meeting = existing.first()
        if self.existing_meeting is not None:
            self.add_error("date", f"A meeting of {group.name} on {day:%d/%m/%Y} is already registered.")

    @property
    def last_time(self):
        """The chosen group's last held meeting (agenda and tools), for "same as last time"; None if it has none."""
        group = self.data.get("group") if self.is_bound else self.initial.get("group")
        return self.last_times.get(int(group)) if str(group or "").isdigit() else None

    @classmethod
    def initial_from(cls, data) -> dict:
        """Posted values as initial ones: the form shown again, unsaved and without error marks."""
        multiple = {"agenda", "tools", "facilitators", "confirmed"}
        return {
            name: data.getlist(name) if name in multiple else data.get(name)
            for name in data
            if name in cls.base_fields or name in COUNT_FIELDS
        }

    def fill_as_last_time(self) -> None:
        """Tick the agenda sections and tools of the group's last meeting (and nothing else there)."""
        last = self.last_time
        if last is None:
            return
        self.initial["agenda"] = [name for name, _ in AGENDA_SECTIONS if name in last.fields]
        self.initial["tools"] = [name for name, _ in TOOLS if name in last.fields]
        self.filled_as_last_time = True

    @property
    def plausibility_tokens(self) -> str:
        """All the warnings shown, for the button that confirms them together."""
        return " ".join(w.token for w in self.plausibility)

    @property
    def confirmations(self) -> list[str]:
        """The tokens of the warnings confirmed so far (passed to the service as `confirmed`)."""
        return self.cleaned_data.get("confirmed") or []

    def meeting_fields(self) -> dict:
        """The cleaned data as Meeting field values."""
        data = self.cleaned_data
        held = data["held"] == "yes"
        fields = {
            "held": held,
            "cancelled_reason": "" if held else data["cancelled_reason"],
            "attendance": data["attendance"] or 0,
            "newcomers": data["newcomers"] or 0,
            "duration_minutes": data["duration_minutes"],
            "donations": data["donations"] or Decimal("0.00"),
            "professional_attended": data["professional_attended"],
            "note": data["note"],
        }
        fields.update({name: name in data["agenda"] for name, _ in AGENDA_SECTIONS})
        fields.update({name: name in data["tools"] for name, _ in TOOLS})
        fields.update({name: data[name] for name in COUNT_FIELDS})
        return fields

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        """Form initial values from an existing registration."""
        initial = {
            "group": meeting.group_id,
            "date": meeting.date,
            "held": "yes" if meeting.held else "no",
            "facilitators": [f.pk for f in meeting.facilitators.all()],
            "agenda": [name for name, _ in AGENDA_SECTIONS if getattr(meeting, name)],
            "tools": [name for name, _ in TOOLS if getattr(meeting, name)],
        }
        for name in ("cancelled_reason", "attendance", "newcomers", "duration_minutes", "donations", "note"):
            initial[name] = getattr(meeting, name)
        initial["professional_attended"] = meeting.professional_attended
        initial.update({name: getattr(meeting, name) for name in COUNT_FIELDS})
        return initial


class GroupFilterForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, required=False, empty_label="All sites")
    status = forms.ChoiceField(choices=[("", "Any status"), *GroupStatus.choices], required=False)
    venue_type = forms.ChoiceField(choices=[("", "Any venue"), *VenueType.choices], required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class MeetingFilterForm(PlausibleDatesMixin, forms.Form):
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups", widget=LongSelect)
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    held = forms.ChoiceField(
        label="Held", choices=[("", "Held or cancelled"), ("yes", "Held"), ("no", "Cancelled")], required=False
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date is before the start date.")
        return data


class GroupStatusForm(PlausibleDatesMixin, forms.Form):
    status = forms.ChoiceField(choices=GroupStatus.choices)
    changed_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(
        label="Reason (if closed or never started)", choices=[("", "—"), *ClosureReason.choices], required=False
    )
    note = forms.CharField(max_length=300, required=False, help_text="No names of members.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("status", "changed_on", "reason", "note", Submit("save", "Record status"))


class GroupForm(VersionedFormMixin, forms.ModelForm):
    """A group's host site, name, venue and schedule; its status is recorded separately, with a date."""

    class Meta:
        model = Group
        fields = [
            "site",
            "name",
            "venue_name",
            "venue_type",
            "address",
            "town",
            "postcode",
            "weekday",
            "frequency",
            "second_weekday",
            "start_time",
            "usual_length_minutes",
            "focus",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {"contact_phone": "Shown to the public in the meeting finder. Not a volunteer's own number."}

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["usual_length_minutes"].widget.attrs.update(NUMERIC)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        twice = data.get("frequency") == "twice_weekly"
        if twice and data.get("second_weekday") is None:
            self.add_error("second_weekday", "A group that meets twice weekly needs its second day.")
        if twice and data.get("second_weekday") is not None and data.get("second_weekday") == data.get("weekday"):
            self.add_error("second_weekday", "Choose a different day from the first.")
        if not twice:
            data["second_weekday"] = None
        return data


class FacilitatorForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A peer facilitator: alias, contact details (seen by the coordinator and site contacts), groups."""

    class Meta:
        model = Facilitator
        fields = [
            "site",
            "display_name",
            "phone",
            "email",
            "active_since",
            "stepped_down_on",
            "is_professional",
            "groups",
        ]
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "active_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stepped_down_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"is_professional": "A professional (staff), not a peer"}

    def __init__(self, *args, sites, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["groups"].queryset = groups
        self.fields["groups"].help_text = PROFESSIONAL_RULE
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        groups, site = data.get("groups") or [], data.get("site")
        if data.get("is_professional") and groups:
            self.add_error("groups", f"A professional cannot be a group's facilitator. {PROFESSIONAL_RULE}")
        if site is not None and any(g.site_id != site.pk for g in groups):
            self.add_error("groups", f"Only groups hosted by {site.name}.")
        since, until = data.get("active_since"), data.get("stepped_down_on")
        if since and until and until < since:
            self.add_error("stepped_down_on", "Stepping down comes after the start.")
        return data


class SupportContactForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = ["kind", "date", "given_by", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class FidelityObservationForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = FidelityObservation
        fields = ["date", "observer", "followed_agenda", "used_tools", "read_confidentiality", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class CheckInForm(forms.ModelForm):
    class Meta:
        model = WellbeingCheckIn
        fields = ["feeling", "note"]
        widgets = {"feeling": forms.RadioSelect}
