from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms

from pilot.models import AuditEntry


class AuditFilterForm(forms.Form):
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
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, exc.messages)
