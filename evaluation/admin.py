"""Admin for questionnaires. Responses are read-only here: answers are changed only by import or entry."""

from django.contrib import admin

from evaluation.models import (
    Answer,
    Choice,
    ChoiceTally,
    CollectionRound,
    NumberTally,
    PendingResponseUpload,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionTally,
    Response,
    ResponseJob,
    ResponseTally,
    TallyStamp,
    XLSFormImportJob,
)
from evaluation.qualitative import Passage, QualitativeNote, Theme


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ["version", "source_name", "imported_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["form_id", "title", "audience"]
    list_filter = ["audience"]
    search_fields = ["form_id", "title"]
    inlines = [VersionInline]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "name", "type", "list_name", "required", "relevant", "constraint"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "version", "source_name", "imported_on"]
    list_filter = ["questionnaire"]
    search_fields = ["questionnaire__form_id", "version"]
    readonly_fields = ["questionnaire", "version", "definition", "source_name", "imported_on"]
    exclude = ["source"]
    inlines = [QuestionInline]

    def has_add_permission(self, request):
        return False  # versions come from XLSForm imports, which check them


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "name", "label"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "type", "required"]
    list_filter = ["type", "version__questionnaire"]
    search_fields = ["name", "label"]
    inlines = [ChoiceInline]

    def has_add_permission(self, request):
        return False


@admin.register(CollectionRound)
class CollectionRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "questionnaire", "site", "group", "opens_on", "closes_on"]
    list_filter = ["questionnaire", "site"]
    search_fields = ["name", "questionnaire__form_id", "site__name", "group__name"]
    date_hierarchy = "opens_on"
    readonly_fields = ["token"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "choice", "number_value", "text_value", "date_value"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "round", "version", "submitted_on", "is_paper"]
    list_filter = ["is_paper", "round__questionnaire", "round__site"]
    date_hierarchy = "submitted_on"
    readonly_fields = ["round", "version", "is_paper", "submitted_on"]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(XLSFormImportJob)
class XLSFormImportJobAdmin(admin.ModelAdmin):
    """Background XLSForm imports, to look at; they are made by uploads and finished by the worker."""

    list_display = ["filename", "owner", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    exclude = ["source"]
    readonly_fields = ["owner", "filename", "audience", "cells", "status", "progress", "status_line", "message",
                       "errors", "version", "created_at", "started_at", "finished_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ResponseJob)
class ResponseJobAdmin(admin.ModelAdmin):
    """Background imports and exports of responses, to look at; made by their pages, finished by the worker."""

    list_display = ["filename", "kind", "owner", "status", "progress", "rows", "created_at", "expires_at"]
    list_filter = ["kind", "status"]
    exclude = ["file", "preview"]
    readonly_fields = ["kind", "owner", "questionnaire", "round", "parameters", "filename", "confirmed", "status",
                       "progress", "status_line", "message", "errors", "rows", "created_at", "started_at",
                       "finished_at", "expires_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PendingResponseUpload)
class PendingResponseUploadAdmin(admin.ModelAdmin):
    """Files of responses shown as a preview and not yet confirmed; to look at or delete, never to change."""

    list_display = ["filename", "questionnaire", "owner", "created_at"]
    exclude = ["data"]
    readonly_fields = ["owner", "questionnaire", "round", "filename", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """A programme's own themes for qualitative passages; rows without a programme are the pilot's defaults."""

    list_display = ["name", "programme", "position"]
    list_filter = ["programme"]


class PassageInline(admin.TabularInline):
    model = Passage
    extra = 0
    readonly_fields = ["theme", "excerpt"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QualitativeNote)
class QualitativeNoteAdmin(admin.ModelAdmin):
    """Evaluators' notes, read-only here: they are written on the notes page, which audits them."""

    list_display = ["date", "kind", "site", "programme", "recorded_by"]
    list_filter = ["kind", "site"]
    readonly_fields = ["kind", "date", "site", "programme", "participant_roles", "notes", "recorded_by", "created_at"]
    inlines = [PassageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TallyAdmin(admin.ModelAdmin):
    """Counts kept from the answers (evaluation.tallies): shown, never edited here, since a hand-edited count would
    no longer equal its answers. `manage.py rebuild_tallies` recounts them all."""

    list_filter = ["grain"]
    list_select_related = ["round"]
    show_full_result_count = False  # millions of day rows at national scale
    ordering = ["-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResponseTally)
class ResponseTallyAdmin(TallyAdmin):
    list_display = ["round", "version", "grain", "day", "responses"]


@admin.register(QuestionTally)
class QuestionTallyAdmin(TallyAdmin):
    list_display = ["round", "grain", "day", "question", "answers", "responses"]


@admin.register(ChoiceTally)
class ChoiceTallyAdmin(TallyAdmin):
    list_display = ["round", "grain", "day", "question", "choice", "count"]


@admin.register(NumberTally)
class NumberTallyAdmin(TallyAdmin):
    list_display = ["round", "grain", "day", "question", "value", "count"]


@admin.register(TallyStamp)
class TallyStampAdmin(TallyAdmin):
    list_display = ["token", "changed_at"]
    list_filter = []
    list_select_related = []
