from django import forms
from django.core.exceptions import ValidationError

from pilot.forms import form_add_service_errors


class _Form(forms.Form):
    day = forms.DateField(required=False)
    note = forms.CharField(required=False)


def _bound():
    form = _Form({})
    form.is_valid()
    return form


def test_field_errors_land_at_their_field_and_unknown_ones_at_the_top():
    form = _bound()
    form_add_service_errors(form, ValidationError({"day": "Not in the future.", "status": "Cannot jump."}))
    assert form.errors["day"] == ["Not in the future."]
    assert form.non_field_errors() == ["Cannot jump."]


def test_an_error_without_field_goes_to_the_named_field_or_the_top():
    form = _bound()
    form_add_service_errors(form, ValidationError("Professionals may not facilitate."), default_field="note")
    assert form.errors["note"] == ["Professionals may not facilitate."]
    form = _bound()
    form_add_service_errors(form, ValidationError("Something is wrong."))
    assert form.non_field_errors() == ["Something is wrong."]
