"""Forms for referral partners and outreach: each rule answered at its field (referrals.services checks them too)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from pilot.forms import DateInput, PlausibleDatesMixin, VersionedFormMixin
from referrals.models import OutreachActivity, ReferralPartner
from referrals.services import outreach_errors, partner_errors


class PartnerForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReferralPartner
        fields = [
            "agency",
            "team",
            "tier",
            "partner_type",
            "since",
            "champion_name",
            "champion_kind",
            "protocol_agreed_on",
            "assertive_linkage",
            "ended_on",
            "notes",
        ]
        widgets = {
            "since": DateInput(),
            "protocol_agreed_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, site, show_champion: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        if self.instance.pk is None:
            self.fields["since"].initial = timezone.localdate()
            del self.fields["ended_on"]  # a partnership ends from its edit page
        self.fields["champion_kind"].choices = [("", "No champion named"), *self.fields["champion_kind"].choices[1:]]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the partner"))

    def clean(self):
        cleaned = super().clean()
        draft = ReferralPartner(site=self.site, pk=self.instance.pk)
        for name in self.fields:
            if name != "version" and name in cleaned:
                setattr(draft, name, cleaned[name])
        if self.instance.pk is None:
            draft.ended_on = None
        elif "ended_on" not in cleaned:
            draft.ended_on = self.instance.ended_on
        for name, message in partner_errors(draft, timezone.localdate()).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class EndPartnerForm(PlausibleDatesMixin, VersionedFormMixin, forms.Form):
    ended_on = forms.DateField(label="Ended on", widget=DateInput())

    def __init__(self, *args, partner: ReferralPartner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.fields["ended_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "End the partnership", css_class="btn-danger"))

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError("End a partnership on or after the day it ends, not before.")
        if ended_on < self.partner.since:
            raise forms.ValidationError("A partnership ends on or after the day it began.")
        return ended_on


class OutreachForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    audience_size = forms.IntegerField(
        label="Audience size",
        required=False,
        max_value=5000,
        help_text="How many came, roughly; leave empty if nobody counted.",
    )

    class Meta:
        model = OutreachActivity
        fields = ["date", "kind", "partner", "audience_size", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        partners = ReferralPartner.objects.filter(site=site)
        if self.instance.pk is None:
            self.fields["date"].initial = timezone.localdate()
        self.fields["partner"].queryset = partners.order_by("agency", "team")
        self.fields["partner"].empty_label = "No particular partner"
        self.fields["partner"].error_messages["invalid_choice"] = "Choose one of this site's referral partners."
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the outreach"))

    def clean_audience_size(self):
        size = self.cleaned_data.get("audience_size")
        if size is not None and size < 0:
            raise forms.ValidationError("An audience cannot be smaller than nobody: enter 0 or more.")
        return size

    def clean(self):
        cleaned = super().clean()
        draft = OutreachActivity(site=self.site, date=cleaned.get("date"), partner=cleaned.get("partner"))
        for name, message in outreach_errors(draft, timezone.localdate()).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned
