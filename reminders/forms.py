from __future__ import annotations

from django import forms

from reminders.models import Preference, kinds_for


class PreferenceForm(forms.ModelForm):
    """The kinds this person's role may receive, and the digest."""

    class Meta:
        model = Preference
        fields = ["meeting_unregistered", "coordinator_weekly", "month_signoff", "digest"]
        help_texts = {
            "meeting_unregistered": "The day after a scheduled meeting of your group, if no one has registered it.",
            "coordinator_weekly": "Each Monday: follow-ups falling due and sites flagged since last week.",
            "month_signoff": "On the 5th, when last month awaits your sign-off or has meetings with no return.",
            "digest": "Collect the reminders above into one email each Monday.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offered = {k.value for k in kinds_for(user)}
        for name in ["meeting_unregistered", "coordinator_weekly", "month_signoff"]:
            if name not in offered:
                del self.fields[name]
