"""Forms for the committee's meetings and actions."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from committee.models import CommitteeAction, CommitteeMeeting
from pilot.forms import DateInput, PlausibleDatesMixin, VersionedFormMixin


class MeetingForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["programme", "held_on", "attendees", "decisions"]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the meeting"))

    def clean(self):
        """One meeting a day per programme, answered at the date (the model's constraint then stays quiet)."""
        cleaned = super().clean()
        programme, held_on = cleaned.get("programme"), cleaned.get("held_on")
        if programme and held_on:
            clash = CommitteeMeeting.objects.filter(programme=programme, held_on=held_on).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("held_on", "The committee already has a meeting on this day in this programme.")
        return cleaned


class ActionForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeAction
        fields = ["description", "owner", "due_on", "status"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the action"))
