"""Forms for events, attendance, participants, delegates and the budget (crispy-bootstrap5)."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from groups.models import Facilitator, Group
from pilot.forms import PlausibleDatesMixin, VersionedFormMixin
from pilot.roles import Role, role_of
from sites.models import HostSite
from training import conf
from training.models import (
    BudgetHead,
    DelegateCount,
    Event,
    EventDay,
    EventKind,
    Expense,
    Participant,
    Sector,
    SmallGrant,
    Topic,
)

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


def _clean_amount(value: Decimal | None) -> Decimal | None:
    if value is not None and value <= 0:
        raise forms.ValidationError("Enter an amount above £0.00, such as 125.50.")
    return value


class _OutsidePeriodMixin(forms.Form):
    confirm_outside_period = forms.BooleanField(
        required=False, label="Yes, record it although the date is outside the programme's budget period"
    )

    def _check_period(self, cleaned):
        day = cleaned.get("date")
        start, end = conf.budget_start(), conf.budget_end()
        if day and not (start <= day <= end) and not cleaned.get("confirm_outside_period"):
            self.add_error(
                "date",
                f"This date is outside the programme ({start:%d/%m/%Y} to {end:%d/%m/%Y}). "
                "Check it, or tick the confirmation box below.",
            )
            self.add_error("confirm_outside_period", "Tick to confirm a date outside the budget period.")


class ExpenseForm(PlausibleDatesMixin, _OutsidePeriodMixin, forms.ModelForm):
    class Meta:
        model = Expense
        fields = ["date", "head", "amount", "payee", "description", "site", "event", "confirm_outside_period"]
        widgets = {"date": DATE_WIDGET}
        labels = {"amount": "Amount (£)", "head": "Budget head"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save expense")
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})
        self.fields["event"].queryset = Event.objects.select_related("site")

    def clean_amount(self):
        return _clean_amount(self.cleaned_data.get("amount"))

    def clean(self):
        cleaned = super().clean()
        self._check_period(cleaned)
        return cleaned


class SmallGrantForm(PlausibleDatesMixin, _OutsidePeriodMixin, forms.ModelForm):
    class Meta:
        model = SmallGrant
        fields = ["group", "head", "date", "amount", "purpose", "confirm_outside_period"]
        widgets = {"date": DATE_WIDGET}
        labels = {"amount": "Amount (£)", "head": "Budget head"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save small grant")
        self.fields["group"].queryset = Group.objects.select_related("site")
        self.fields["group"].label_from_instance = lambda g: f"{g.name} ({g.site.name})"
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0.01"})

    def clean_amount(self):
        return _clean_amount(self.cleaned_data.get("amount"))

    def clean(self):
        cleaned = super().clean()
        self._check_period(cleaned)
        return cleaned


class BudgetHeadForm(forms.ModelForm):
    class Meta:
        model = BudgetHead
        fields = ["name", "planned", "description", "position"]
        labels = {"planned": "Planned for the whole programme (£)", "position": "Order on the page"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save budget head")

    def clean_planned(self):
        value = self.cleaned_data.get("planned")
        if value is not None and value < 0:
            raise forms.ValidationError("A planned amount cannot be negative.")
        return value


class AsOfForm(PlausibleDatesMixin, forms.Form):
    as_of = forms.DateField(label="Position as at", required=False, widget=DATE_WIDGET)


EVENT_KIND_CHOICES = [("", "All kinds"), *EventKind.choices]
