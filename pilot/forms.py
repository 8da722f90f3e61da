"""Forms and form helpers shared by every app: plausible dates, edit versions, service errors."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.functional import cached_property

from pilot.dates import check_plausible_date
from pilot.models import AuditEntry


class DateInput(forms.DateInput):
    """A date field as the browser's date picker, showing ISO dates (what the picker reads)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlausibleDatesMixin:
    """Every date field of the form refuses years before 2000 and after next year (pilot.dates).

    One mixin per form family instead of a validator per field, so that a date field added
    later is covered too (pilot/tests/test_dates.py checks that every form with a date uses it).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and check_plausible_date not in field.validators:
                field.validators.append(check_plausible_date)


class _QueryDateForm(PlausibleDatesMixin, forms.Form):
    value = forms.DateField()


def date_from_query(raw: str) -> tuple[datetime.date | None, str]:
    """A date sent in a link (`?date=YYYY-MM-DD`): (the date, "") or (None, the reason it was refused).

    An empty value is (None, "").
    """
    if not raw:
        return None, ""
    form = _QueryDateForm({"value": raw[:40]})
    if form.is_valid():
        return form.cleaned_data["value"], ""
    return None, " ".join(form.errors["value"])


class VersionedFormMixin:
    """An edit form that carries the version of the record it was loaded from (pilot.concurrency).

    The version travels in a hidden field; the view passes `form.cleaned_data["version"]` to the
    service, which refuses the save if someone else saved the record in between.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        instance = getattr(self, "instance", None) or getattr(self, "versioned_instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["version"].initial = instance.version

    @cached_property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != "version"]

    @property
    def expected_version(self) -> int | None:
        """The version the form was loaded from (None when the form did not send one)."""
        return self.cleaned_data.get("version")


class AuditFilterForm(PlausibleDatesMixin, forms.Form):
    actor = forms.CharField(required=False, label="User name")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *AuditEntry.Action.choices])
    target_type = forms.CharField(required=False, label="Record type", help_text="e.g. groups.Facilitator")
    target_id = forms.CharField(required=False, max_length=64, label="Record id", help_text="e.g. 7")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("actor", css_class="col-sm-6 col-lg-2"),
                Column("action", css_class="col-sm-6 col-lg-2"),
                Column("target_type", css_class="col-sm-6 col-lg-2"),
                Column("target_id", css_class="col-sm-6 col-lg-2"),
                Column("date_from", css_class="col-6 col-lg-2"),
                Column("date_to", css_class="col-6 col-lg-2"),
            ),
            Submit("filter", "Filter", css_class="btn-secondary"),
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data


def form_add_service_errors(form, exc, *, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form: each message at its field when the form has it.

    Messages for a field the form lacks go to the top of the form; an error raised without any
    field goes to `default_field` (the top of the form when None).
    """
    from pilot.concurrency import StaleEdit

    if isinstance(exc, StaleEdit):
        if "version" in form.fields and exc.current_version is not None:
            # The user's input stays on the page; saving it again now means "keep my changes".
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(exc.current_version)
        form.add_error(None, exc.messages)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, exc.messages)
