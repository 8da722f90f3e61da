"""Questionnaire pages for signed-in users. Scope via selectors; writes via services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from evaluation import codebook as codebook_writers
from evaluation import conf, datasets, jobs, selectors, services
from evaluation.bulk import responses_confirm, responses_stage
from evaluation.charts import bar_chart, histogram
from evaluation.export import export_rows, write_csv, write_xlsx
from evaluation.forms import FilterForm, QuestionnaireForm, ResponsesUploadForm, RoundForm, XLSFormUploadForm
from evaluation.models import CollectionRound, PendingResponseUpload, Response, ResponseJob, XLSFormImportJob
from evaluation.qr import qr_code
from evaluation.rules import client_rules
from evaluation.submission import form_is_valid, read_post
from evaluation.summary import is_whole_scope, publish_summary, responses_in_scope
from evaluation.summary_page import summary_figures
from groups.models import Group
from pilot.audit import audit
from pilot.disclosure import HIDDEN, policy_for
from pilot.forms import form_add_service_errors
from pilot.permissions import allows, may, read_only_page, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes.periods import period_control, period_for
from sites.models import HostSite

# Pages about one questionnaire or round look it up before they check the role: a questionnaire outside
# the user's scope is 404 for everyone, as anywhere else; within it, a role that may not is 403.

# A job no worker has picked up after this long gets a word about it on its page.
JOB_STALLED_AFTER = datetime.timedelta(minutes=2)
# Rounds to a page of a questionnaire's page (by site, newest first).
ROUNDS_PER_PAGE = 25


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def questionnaire_list(request):
    context = {
        "questionnaires": selectors.questionnaire_list(user=request.user),
        "disclosure": policy_for(request.user),
        "can_manage": allows(request.user, Capability.MANAGE_QUESTIONNAIRES),
        "can_summarise": allows(request.user, Capability.READ_SUMMARIES),
        "can_take_notes": allows(request.user, Capability.QUALITATIVE_NOTES),
    }
    return render(request, "evaluation/questionnaire_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Capability.MANAGE_QUESTIONNAIRES)
def xlsform_upload(request):
    """Upload a workbook: imported at once, or, when large, handed to the worker with a page to follow it."""
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.xlsform_upload(
                data=upload.read(), filename=upload.name, audience=form.cleaned_data["audience"], actor=request.user
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, default_field="file")
        else:
            if isinstance(result, XLSFormImportJob):
                return redirect(result)
            messages.success(request, f"Imported {result.questionnaire.title}, version {result.version}.")
            for notice in result.definition.get("notices", []):
                messages.warning(request, notice)
            return redirect(result.questionnaire)
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/xlsform_upload.html", {"form": form}, status=status)


@never_cache
@role_required(Capability.MANAGE_QUESTIONNAIRES)
@read_only_page
def xlsform_job(request, pk):
    """How a background XLSForm import is going; refreshes itself until it has finished."""
    jobs = XLSFormImportJob.objects.visible_to(request.user).select_related("version__questionnaire")
    job = get_visible_or_404(jobs, request.user, pk=pk)
    stalled = job.status == XLSFormImportJob.Status.QUEUED and timezone.now() - job.created_at > JOB_STALLED_AFTER
    return render(request, "evaluation/xlsform_job.html", {"job": job, "stalled": stalled})


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def questionnaire_detail(request, form_id):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    version = questionnaire.current_version
    rounds = Paginator(
        selectors.rounds_with_counts(questionnaire=questionnaire, user=request.user), ROUNDS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "questionnaire": questionnaire,
        "version": version,
        "versions": questionnaire.versions.all(),
        "questions": version.questions.prefetch_related("choices") if version else [],
        "rounds": rounds.object_list,
        "page": rounds,
        "rounds_prefix": reverse("evaluation:list") + "rounds/",  # reversed once; a round is <prefix><id>/
        "by_site": selectors.counts_by_site(questionnaire=questionnaire, user=request.user),
        "disclosure": policy_for(request.user),
        "can_manage": allows(request.user, Capability.MANAGE_QUESTIONNAIRES),
        "can_enter": allows(request.user, Capability.ENTER_RESPONSES) and may(request.user, "evaluation.add_response"),
        "can_summarise": allows(request.user, Capability.READ_SUMMARIES),
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/questionnaire_detail.html", context)


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def version_download(request, form_id, pk):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    require(request, Capability.MANAGE_QUESTIONNAIRES)
    version = get_object_or_404(questionnaire.versions, pk=pk)
    audit(actor=request.user, action="download", target=version, changed_fields=["source"])
    response = HttpResponse(
        bytes(version.source), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{questionnaire.form_id}-{version.pk}.xlsx"'
    return response


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def codebook(request, form_id, pk):
    """A version's data dictionary as CSV, Excel or PDF (?format=); anyone who sees the questionnaire may read it,
    since it says nothing the questionnaire page does not."""
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    version = get_object_or_404(questionnaire.versions, pk=pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in codebook_writers.WRITERS:
        raise Http404("No such format")
    write, content_type = codebook_writers.WRITERS[fmt]
    body = write(version)
    audit(actor=request.user, action="download", target=version, changed_fields=["codebook"],
          detail=f"{fmt} codebook")  # fmt: skip
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{questionnaire.form_id}-{version.pk}-codebook.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(Capability.READ_QUESTIONNAIRES)
def round_create(request, form_id):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    require(request, Capability.MANAGE_QUESTIONNAIRES)
    form = RoundForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            collection_round = services.round_create(
                questionnaire=questionnaire, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Round “{collection_round.name}” is ready: hand out its link or QR code, or print its poster.",
            )
            return redirect("evaluation:round_detail", pk=collection_round.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "questionnaire": questionnaire}
    return render(request, "evaluation/round_form.html", context, status=status)


def _filter_form(request, questionnaire, period=None):
    rounds = (
        CollectionRound.objects.visible_to(request.user).filter(questionnaire=questionnaire).select_related("site")
    )
    return FilterForm(
        request.GET or None,
        period=period,
        rounds=rounds,
        sites=HostSite.objects.visible_to(request.user),
        groups=Group.objects.visible_to(request.user)
        .filter(collection_rounds__questionnaire=questionnaire)
        .distinct(),
    )


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def responses_table(request, form_id):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    require(request, Capability.MANAGE_QUESTIONNAIRES)
    filter_form = _filter_form(request, questionnaire)
    filters = filter_form.filters()
    responses = responses_in_scope(questionnaire=questionnaire, **filters)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        per_choice = request.GET.get("per_choice") == "1"
        if responses.count() > conf.export_background_rows():
            job = jobs.export_job_create(
                questionnaire=questionnaire, filters=filters, fmt=export, per_choice=per_choice, actor=request.user
            )
            return redirect(job)
        rows = export_rows(questionnaire, responses, per_choice=per_choice)
        body = write_csv(rows) if export == "csv" else write_xlsx(rows)
        audit(actor=request.user, action="export", target=questionnaire, changed_fields=["answers"],
              detail=f"{export} export of responses")  # fmt: skip
        content_type = "text/csv; charset=utf-8" if export == "csv" else (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
        response = HttpResponse(body, content_type=content_type)
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{questionnaire.form_id}-responses-{day}.{export}"'
        return response
    if export in datasets.WRITERS:
        write, content_type, extension = datasets.WRITERS[export]
        body = write(questionnaire, responses)
        fields = ["questions"] if export == "names" else ["answers"]  # the mapping holds no answer
        audit(actor=request.user, action="export", target=questionnaire, changed_fields=fields,
              detail=f"{export} export of responses")  # fmt: skip
        response = HttpResponse(body, content_type=content_type)
        day = timezone.localdate().isoformat()
        name = "variable-names" if export == "names" else f"responses-{day}"
        response["Content-Disposition"] = f'attachment; filename="{questionnaire.form_id}-{name}.{extension}"'
        return response
    version = questionnaire.current_version
    questions = list(version.questions.exclude(type="note").values_list("name", flat=True)) if version else []
    page = Paginator(responses.select_related("round__site").order_by("pk"), conf.responses_per_page()).get_page(
        request.GET.get("page")
    )
    grid = selectors.answer_grid(responses=[r.pk for r in page.object_list], question_names=questions)
    rows = [(r, [grid.get(r.pk, {}).get(name, "") for name in questions]) for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {"questionnaire": questionnaire, "filter_form": filter_form, "questions": questions, "rows": rows,
               "page": page, "query": query.urlencode()}  # fmt: skip
    return render(request, "evaluation/responses_table.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Capability.READ_QUESTIONNAIRES)
def responses_upload(request, form_id):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    require(request, Capability.MANAGE_QUESTIONNAIRES)
    rounds = CollectionRound.objects.visible_to(request.user).filter(questionnaire=questionnaire)
    if request.method == "POST" and "confirm" in request.POST:
        return _responses_confirm(request, questionnaire, rounds)
    form = ResponsesUploadForm(request.POST or None, request.FILES or None, rounds=rounds.select_related("site"))
    errors: list[str] = []
    valid = request.method == "POST" and form.is_valid()
    if valid and form.cleaned_data["file"].size > conf.import_background_bytes():
        try:
            job = jobs.import_job_create(
                questionnaire=questionnaire,
                uploaded_file=form.cleaned_data["file"],
                round=form.cleaned_data["round"],
                actor=request.user,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect(job)
    elif valid:
        try:
            pending, preview = responses_stage(
                questionnaire=questionnaire,
                uploaded_file=form.cleaned_data["file"],
                round=form.cleaned_data["round"],
                actor=request.user,
                rounds=rounds,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            context = {"questionnaire": questionnaire, "pending": pending, "preview": preview}
            return render(request, "evaluation/responses_preview.html", context)
    context = {"form": form, "questionnaire": questionnaire, "errors": errors}
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/responses_upload.html", context, status=status)


def _responses_confirm(request, questionnaire, rounds):
    """The preview's confirm button: import the kept file (checked again); nothing was saved before this."""
    pending = get_object_or_404(
        PendingResponseUpload.objects.visible_to(request.user).filter(questionnaire=questionnaire),
        pk=request.POST.get("upload") if str(request.POST.get("upload", "")).isdigit() else None,
    )
    try:
        result = responses_confirm(pending=pending, actor=request.user, rounds=rounds)
    except ValidationError as exc:
        form = ResponsesUploadForm(rounds=rounds.select_related("site"))
        context = {"form": form, "questionnaire": questionnaire, "errors": exc.messages}
        return render(request, "evaluation/responses_upload.html", context, status=400)
    messages.success(request, f"Imported {result.saved} responses.")
    return redirect(questionnaire)


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Capability.MANAGE_QUESTIONNAIRES)
def response_job(request, pk):
    """A background import or export of responses: progress (refreshing itself), the preview to confirm, the
    problems by row and column, or the download."""
    job = get_visible_or_404(
        ResponseJob.objects.visible_to(request.user).select_related("questionnaire"), request.user, pk=pk
    )
    if request.method == "POST":
        try:
            jobs.import_job_confirm(job=job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(job)
    stalled = job.status == ResponseJob.Status.QUEUED and timezone.now() - job.created_at > JOB_STALLED_AFTER
    context = {"job": job, "questionnaire": job.questionnaire, "stalled": stalled}
    return render(request, "evaluation/response_job.html", context)


@never_cache
@role_required(Capability.MANAGE_QUESTIONNAIRES)
@read_only_page
def response_job_download(request, pk):
    """A finished export as an attachment: 409 while it is written, 404 once expired, failed or out of scope."""
    job = get_visible_or_404(
        ResponseJob.objects.visible_to(request.user).filter(kind=ResponseJob.Kind.EXPORT), request.user, pk=pk
    )
    if job.is_working:
        return HttpResponse("This export is still being written. Try again in a moment.", status=409)
    if job.status != ResponseJob.Status.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404("This export has expired or failed.")
    audit(actor=request.user, action="download", target=job, changed_fields=["answers"],
          detail=f"{job.parameters.get('format', 'csv')} export of responses")  # fmt: skip
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def summary(request, form_id):
    questionnaire = selectors.get_questionnaire_for_user(request, form_id)
    require(request, Capability.READ_SUMMARIES)
    period = period_for(request, default=selectors.questionnaire_period(questionnaire))
    filter_form = _filter_form(request, questionnaire, period)
    filters = filter_form.filters()
    disclosure = policy_for(request.user)
    free_text = allows(request.user, Capability.READ_FREE_TEXT)  # free text can identify someone
    raw, counts = summary_figures(questionnaire=questionnaire, filters=filters, texts=free_text)
    answered = {q["name"]: q["answered"] for q in raw["questions"]}
    data = publish_summary(
        raw,
        disclosure=disclosure,
        whole=is_whole_scope(**{k: v for k, v in filters.items() if k not in ("date_from", "date_to")})
        and period.programme is not None,
        free_text=free_text,
    )
    for table in data["questions"]:
        table["chart"] = bar_chart(table) if "choices" in table else None
        if table["type"] in ("integer", "decimal") and table["answered"] not in (0, HIDDEN):
            table["histogram"] = histogram(
                counts=counts.get(table["name"], []),
                answered=answered[table["name"]],
                integer=table["type"] == "integer",
                disclosure=disclosure,
            )
    context = {
        "questionnaire": questionnaire,
        "summary": data,
        "filter_form": filter_form,
        "period": period,
        "control": period_control(request, period),
    }
    return render(request, "evaluation/summary.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Capability.READ_QUESTIONNAIRES)
def paper_entry(request, pk):
    """The questionnaire plus the date it was filled in; anything wrong in a POST is re-shown with a 400."""
    collection_round = selectors.get_round_for_user(request, pk)
    require(request, "evaluation.add_response", allowed=allows(request.user, Capability.ENTER_RESPONSES))
    if request.method != "POST":
        form = QuestionnaireForm(version=collection_round.version, paper=True)
        return _paper_page(request, form, collection_round)
    data, problems = read_post(request)
    form = QuestionnaireForm(data, version=collection_round.version, paper=True)
    if form_is_valid(form, problems):
        try:
            services.response_create(
                round=collection_round,
                values=form.values,
                submitted_on=form.cleaned_data["_submitted_on"],
                is_paper=True,
                actor=request.user,
            )
        except ValidationError as exc:
            _service_errors_on_paper_form(form, exc)
        else:
            count = Response.objects.filter(round=collection_round).count()
            messages.success(
                request, f"Saved. {collection_round.name} now has {count} responses. Enter the next one below."
            )
            return redirect("evaluation:paper_entry", pk=collection_round.pk)
    return _paper_page(request, form, collection_round, status=400)


def _service_errors_on_paper_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict") and "submitted_on" in exc.error_dict:
        exc = ValidationError({"_submitted_on" if k == "submitted_on" else k: v for k, v in exc.error_dict.items()})
    form_add_service_errors(form, exc)


def _paper_page(request, form, collection_round, status: int = 200):
    context = {"form": form, "round": collection_round, "rules": client_rules(collection_round.version)}
    return render(request, "evaluation/paper_entry.html", context, status=status)


def _handout(request, collection_round) -> dict:
    """What a round is handed out with: its public address and that address as a QR code."""
    url = request.build_absolute_uri(collection_round.get_public_url())
    return {"public_url": url, "qr": qr_code(url)}


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def round_detail(request, pk):
    """One round: its dates and responses, and for those who hand it out its link, a copy button, a QR code and
    a poster to print."""
    collection_round = selectors.get_round_for_user(request, pk)
    can_hand_out = allows(request.user, Capability.ENTER_RESPONSES)
    context = {
        "round": collection_round,
        "questionnaire": collection_round.questionnaire,
        "responses": selectors.round_response_count(collection_round=collection_round),
        "disclosure": policy_for(request.user),
        "can_hand_out": can_hand_out,
        "can_enter": can_hand_out and may(request.user, "evaluation.add_response"),
        "is_open": collection_round.is_open_on(timezone.localdate()),
        "today": timezone.localdate(),
        **(_handout(request, collection_round) if can_hand_out else {}),
    }
    return render(request, "evaluation/round_detail.html", context)


@role_required(Capability.READ_QUESTIONNAIRES)
@read_only_page
def round_poster(request, pk):
    """An A4 poster or flyer for a round: the questionnaire's title, its dates, the QR code and the anonymity
    promise, laid out for printing."""
    collection_round = selectors.get_round_for_user(request, pk)
    require(request, Capability.ENTER_RESPONSES)
    context = {"round": collection_round, "questionnaire": collection_round.questionnaire}
    return render(request, "evaluation/round_poster.html", {**context, **_handout(request, collection_round)})
