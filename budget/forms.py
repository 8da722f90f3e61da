"""Forms for a programme's budget: its heads, expenses and small grants, and the "position as at" date."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.html import format_html

from budget.models import BudgetHead, Expense, SmallGrant
from groups.models import Group
from pilot.forms import DateInput, PlausibleDatesMixin
from programmes.models import Programme
from training.models import Event


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _clean_amount(value: Decimal | None) -> Decimal | None:
    if value is not None and value <= 0:
        raise forms.ValidationError("Enter an amount above £0.00, such as 125.50.")
    return value


def _amount_widget(field) -> None:
    field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})


class _OutsidePeriodMixin(forms.Form):
    """A date outside the programme of the chosen head is refused unless the box is ticked."""

    confirm_outside_period = forms.BooleanField(
        required=False, label="Yes, record it although the date is outside the programme's dates"
    )

    def _check_period(self, cleaned) -> None:
        day, head = cleaned.get("date"), cleaned.get("head")
        if day is None or head is None:
            return
        programme = head.programme
        start, end = programme.starts_on, programme.ends_on
        if not (start <= day <= end) and not cleaned.get("confirm_outside_period"):
            self.add_error(
                "date",
                f"This date is outside the programme {programme.name} ({start:%d/%m/%Y} to {end:%d/%m/%Y}). "
                "Check it, or tick the confirmation box below.",
            )
            self.add_error("confirm_outside_period", "Tick to confirm a date outside the programme's dates.")


class _ProgrammeHeadsMixin:
    """The head field offers the heads of one programme only: the page's (or the record's) programme."""

    def _limit_heads(self, programme: Programme) -> None:
        heads = BudgetHead.objects.filter(programme=programme)
        self.fields["head"].queryset = heads
        # crispy renders help text unescaped: the programme's name goes through format_html.
        self.fields["head"].help_text = (
            format_html("A head of the budget of {}.", programme.name)
            if heads.exists()
            else format_html("{} has no budget heads yet: add one on its budget page first.", programme.name)
        )


class ExpenseForm(PlausibleDatesMixin, _ProgrammeHeadsMixin, _OutsidePeriodMixin, forms.ModelForm):
    class Meta:
        model = Expense
        fields = ["date", "head", "amount", "payee", "description", "site", "event", "confirm_outside_period"]
        widgets = {"date": DateInput()}
        labels = {"amount": "Amount (£)", "head": "Budget head"}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save expense")
        self._limit_heads(programme)
        _amount_widget(self.fields["amount"])
        self.fields["event"].queryset = Event.objects.select_related("site")

    def clean_amount(self):
        return _clean_amount(self.cleaned_data.get("amount"))

    def clean(self):
        cleaned = super().clean()
        self._check_period(cleaned)
        return cleaned


class SmallGrantForm(PlausibleDatesMixin, _ProgrammeHeadsMixin, _OutsidePeriodMixin, forms.ModelForm):
    class Meta:
        model = SmallGrant
        fields = ["group", "head", "date", "amount", "purpose", "confirm_outside_period"]
        widgets = {"date": DateInput()}
        labels = {"amount": "Amount (£)", "head": "Budget head"}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save small grant")
        self._limit_heads(programme)
        self.fields["group"].queryset = Group.objects.select_related("site")
        self.fields["group"].label_from_instance = lambda g: f"{g.name} ({g.site.name})"
        _amount_widget(self.fields["amount"])

    def clean_amount(self):
        return _clean_amount(self.cleaned_data.get("amount"))

    def clean(self):
        cleaned = super().clean()
        self._check_period(cleaned)
        return cleaned


class BudgetHeadForm(forms.ModelForm):
    """A head of the page's programme: the programme is not a field, it is the one whose budget is shown."""

    class Meta:
        model = BudgetHead
        fields = ["name", "planned", "description", "position"]
        labels = {"planned": "Planned for the whole programme (£)", "position": "Order on the page"}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.pk is None:
            self.instance.programme = programme
        self.helper = _helper("Save budget head")
        self.fields["planned"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0"})

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = BudgetHead.objects.filter(programme=self.programme, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.programme.name} already has a budget head called {name}.")
        return name

    def clean_planned(self):
        value = self.cleaned_data.get("planned")
        if value is not None and value < 0:
            raise forms.ValidationError("A planned amount cannot be negative.")
        return value


class AsOfForm(PlausibleDatesMixin, forms.Form):
    """The day the budget position is taken on; within the programme (a later day shows its final outturn)."""

    as_of = forms.DateField(label="Position as at", required=False, widget=DateInput())

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day is not None and self.programme is not None and day < self.programme.starts_on:
            raise forms.ValidationError(
                f"Pick a day from the programme's first day, {self.programme.starts_on:%d/%m/%Y}, onwards."
            )
        return day
