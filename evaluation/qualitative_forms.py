"""Forms for qualitative notes: participants by role only, passages with a theme."""

from __future__ import annotations

from django import forms

from evaluation.qualitative import NoteKind, ParticipantRole, Theme
from programmes.models import Programme
from sites.models import HostSite


class NoteForm(forms.Form):
    kind = forms.ChoiceField(choices=NoteKind.choices)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.ModelChoiceField(
        queryset=HostSite.objects.order_by("name"),
        required=False,
        empty_label="Network-wide",
        help_text="The host site the note is about, or network-wide.",
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        required=False,
        empty_label="The pilot (default themes)",
        help_text="Passages are tagged with this programme's themes.",
    )
    participant_roles = forms.MultipleChoiceField(
        choices=ParticipantRole.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Who took part (roles)",
        help_text="Roles only. Names of members, facilitators or anyone else are never recorded here; "
        "if a passage in the notes would identify someone, leave it out.",
        error_messages={"required": "Choose at least one role of those who took part."},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), max_length=50_000)


class PassageForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), empty_label=None)
    excerpt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        label="Passage",
        help_text="Copy the passage from the notes above.",
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class QuoteFilterForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, empty_label="All themes")
    site = forms.ModelChoiceField(queryset=HostSite.objects.order_by("name"), required=False, empty_label="All sites")

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
