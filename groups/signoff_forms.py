"""Forms of a site's month sign-off page: approve, reopen with a reason, raise a query."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from pilot.forms import VersionedFormMixin


class _Helped(forms.Form):
    layout: tuple = ()

    def submit(self) -> Submit:
        raise NotImplementedError

    def __init__(self, *args, signoff=None, **kwargs):
        self.versioned_instance = signoff  # the month's sign-off row, whose version the form carries
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout, self.submit())


class ApproveMonthForm(VersionedFormMixin, _Helped):
    layout = ("version",)

    def submit(self) -> Submit:
        return Submit("save", "Approve the month")


class ReopenMonthForm(VersionedFormMixin, _Helped):
    reason = forms.CharField(
        label="Why reopen it?",
        max_length=300,
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the month is reopened: the site contact will read it."},
        help_text="Shown on the month's page. No names of members.",
    )
    layout = ("reason", "version")

    def submit(self) -> Submit:
        return Submit("save", "Reopen the month")


class MonthQueryForm(_Helped):
    text = forms.CharField(
        label="Your question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the question, e.g. which meeting and what looks wrong."},
        help_text="For the coordinator and the group's facilitators. No names of members.",
    )
    layout = ("text",)

    def submit(self) -> Submit:
        return Submit("save", "Raise the query")
