"""The form a coordinator shares a finished report with: which readers. The service decides whether they may."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from pilot.roles import Role
from reports.models import SHARE_ROLES


class ReportShareForm(forms.Form):
    role = forms.ChoiceField(label="Share with", widget=forms.RadioSelect)

    def __init__(self, *args, site=None, **kwargs):
        """`site`: the one site the report is about, named in the site contacts' choice (None: not offered)."""
        super().__init__(*args, **kwargs)
        choices = []
        for role, label in SHARE_ROLES.items():
            if role == Role.SITE_CONTACT:
                if site is None:
                    continue
                label = f"The contacts of {site.name} (site contacts)"
            choices.append((str(role), label))
        self.fields["role"].choices = choices
        self.fields["role"].error_messages["invalid_choice"] = "Choose who may read it from the list."
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Share the report"))
