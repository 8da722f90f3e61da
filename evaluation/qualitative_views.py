"""Pages for qualitative notes (the coordinator's and the evaluators' only). Logic in evaluation.qualitative."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from evaluation import qualitative
from evaluation.export import write_csv, write_xlsx
from evaluation.qualitative import QualitativeNote, Theme
from evaluation.qualitative_forms import NoteForm, PassageForm, QuoteFilterForm
from pilot.audit import Action, audit
from pilot.forms import form_add_service_errors
from pilot.permissions import role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404


@require_http_methods(["GET", "POST"])
@role_required(Capability.QUALITATIVE_NOTES)
def note_list(request):
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = qualitative.note_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc, default_field="notes")
        else:
            messages.success(request, "Note saved. Tag its passages with themes below.")
            return redirect(note)
    status = 400 if request.method == "POST" else 200
    context = {"notes": qualitative.notes_for(request.user), "form": form}
    return render(request, "evaluation/qualitative/note_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(Capability.QUALITATIVE_NOTES)
def note_detail(request, pk):
    note = get_visible_or_404(QualitativeNote, request.user, pk=pk)
    form = PassageForm(request.POST or None, themes=Theme.objects.for_programme(note.programme))
    if request.method == "POST" and form.is_valid():
        try:
            qualitative.passage_create(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc, default_field="excerpt")
        else:
            messages.success(request, "Passage tagged.")
            return redirect(note)
    status = 400 if request.method == "POST" else 200
    context = {"note": note, "passages": note.passages.select_related("theme"), "form": form}
    return render(request, "evaluation/qualitative/note_detail.html", context, status=status)


@role_required(Capability.QUALITATIVE_NOTES)
def quotes(request):
    form = QuoteFilterForm(request.GET or None, themes=Theme.objects.select_related("programme"))
    theme = site = None
    if form.is_valid():
        theme, site = form.cleaned_data["theme"], form.cleaned_data["site"]
    groups = qualitative.quotes_by_theme(request.user, site=site)
    if theme is not None:
        groups = [(t, rows) for t, rows in groups if t.pk == theme.pk]
    return render(request, "evaluation/qualitative/quotes.html", {"form": form, "groups": groups, "site": site})


@role_required(Capability.QUALITATIVE_NOTES)
def export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = qualitative.export_rows(request.user)
    audit(actor=request.user, action=Action.EXPORT, target_type="evaluation.QualitativeNote", detail=f"{fmt}")
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(write_xlsx(rows), content_type=content_type)
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="qualitative-notes.{fmt}"'
    return response
