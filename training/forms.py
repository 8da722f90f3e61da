"""Forms for events, attendance, participants and delegates (crispy-bootstrap5)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from groups.models import Facilitator
from pilot.forms import PlausibleDatesMixin, VersionedFormMixin
from pilot.roles import Role, role_of
from sites.models import HostSite
from training.models import DelegateCount, Event, EventDay, EventKind, Participant, Sector, Topic

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class EventForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    new_topics = forms.CharField(
        label="Other topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line; they are added to the list of topics.",
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "site",
            "status",
            "starts_on",
            "ends_on",
            "venue",
            "trainers",
            "topics",
            "new_topics",
            "materials",
            "notes",
            "unnamed_participants",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "topics": forms.CheckboxSelectMultiple,
            "materials": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save event")
        self.fields["site"].queryset = HostSite.objects.visible_to(user)
        self.fields["topics"].queryset = Topic.objects.all()
        if role_of(user) != Role.COORDINATOR:
            # Site contacts propose events at their own site; the coordinator confirms them.
            del self.fields["status"]
            self.fields["site"].required = True
            self.fields["site"].empty_label = None
            del self.fields["unnamed_participants"]

    def clean_new_topics(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["new_topics"].splitlines()]
        names = [line for line in lines if line]
        if any(len(name) > 120 for name in names):
            raise forms.ValidationError("Keep each topic under 120 characters.")
        return names

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", "The last day cannot be before the first day.")
            elif self.instance.pk:
                outside = self.instance.days.exclude(date__range=(starts, ends)).filter(attendance__isnull=False)
                if outside.exists():
                    dates = ", ".join(f"{d.date:%d/%m/%Y}" for d in outside)
                    self.add_error(
                        "ends_on" if any(d.date > ends for d in outside) else "starts_on",
                        f"Attendance is recorded on {dates}, outside these dates. Change that day first.",
                    )
        return cleaned


class EventDayForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = EventDay
        fields = ["date", "attendance"]
        widgets = {"date": DATE_WIDGET}
        labels = {"attendance": "People attending"}

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not (self.event.starts_on <= day <= self.event.ends_on):
            raise forms.ValidationError(
                f"Pick a date within the event: {self.event.starts_on:%d/%m/%Y} to {self.event.ends_on:%d/%m/%Y}."
            )
        return day


class BaseEventDayFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day in seen:
                form.add_error("date", "This day is already listed.")
            seen.add(day)


EventDayFormSet = forms.modelformset_factory(
    EventDay, form=EventDayForm, formset=BaseEventDayFormSet, extra=1, can_delete=True
)


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["facilitator", "name", "role", "contact", "agreed_to_be_recorded"]
        labels = {"facilitator": "An existing facilitator", "agreed_to_be_recorded": "They agreed to be recorded"}

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add participant")
        site_ids = [event.site_id] if event.site_id else None
        facilitators = Facilitator.objects.select_related("site").order_by("display_name")
        self.fields["facilitator"].queryset = (
            facilitators.filter(site_id__in=site_ids) if site_ids else facilitators.all()
        )
        self.fields["facilitator"].help_text = "Or leave empty and give a first name below."

    def clean(self):
        cleaned = super().clean()
        facilitator, name = cleaned.get("facilitator"), (cleaned.get("name") or "").strip()
        if not facilitator and not name:
            self.add_error("name", "Choose a facilitator or give a first name or alias.")
        if not cleaned.get("agreed_to_be_recorded"):
            self.add_error("agreed_to_be_recorded", "Record people only with their agreement; count the rest.")
        if facilitator and self.event.participants.filter(facilitator=facilitator).exists():
            self.add_error("facilitator", f"{facilitator} is already recorded at this event.")
        return cleaned


class DelegateCountForm(forms.ModelForm):
    class Meta:
        model = DelegateCount
        fields = ["sector", "organisation", "count"]
        labels = {"count": "Number of delegates"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = Sector.choices
        self.helper = _helper("Save delegates")

    def validate_unique(self):
        # The service replaces an earlier figure for the same organisation.
        pass


EVENT_KIND_CHOICES = [("", "All kinds"), *EventKind.choices]
