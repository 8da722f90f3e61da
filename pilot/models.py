from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per worker process (Celery node name and process id): when it started, when it was last
    seen and what it was doing then. Written every `PILOT_WORKER_HEARTBEAT_SECONDS` by the worker itself."""

    hostname = models.CharField(max_length=255, help_text="The Celery node name, e.g. celery@host.")
    pid = models.PositiveIntegerField(default=0, help_text="The worker's main process id.")
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True, help_text="Set when the worker shut down cleanly.")
    doing = models.CharField(max_length=200, blank=True, help_text="What it was doing when last seen.")
    token = models.CharField(max_length=64, blank=True, db_index=True, help_text="The last health check it ran.")

    class Meta:
        ordering = ["-seen_at"]
        constraints = [models.UniqueConstraint(fields=["hostname", "pid"], name="workerheartbeat_one_per_process")]

    def __str__(self) -> str:
        return f"{self.hostname or 'worker'} ({self.pid}) at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One line of the append-only audit trail: who did what to which record, and when.

    It records field *names* that changed, never their contents: answers and
    contact details stay out of the log.
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out"
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        REPORT_REQUEST = "report_request", "Requested a report"
        DOWNLOAD = "download", "Downloaded"
        ERASE = "erase", "Erased personal data"
        NOT_FOUND = "not_found", "Asked for an object out of scope"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept if the account is later removed.")
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'anonymous'} {self.action} {self.target_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class UserSession(models.Model):
    """Which sessions belong to which user, so that signing out (or a deactivation) can end all of them."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="pilot_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user}"


class IllustrativeFigure(models.Model):
    """A figure on one row that demonstration data made up because its source gives no such figure.

    Pages show a small "illustrative" marker beside it (pilot.illustrative, the `illustrative` template tag);
    a real installation has no rows here. `figure` names a field or what a page shows ("attendance", "day").
    """

    model = models.CharField(max_length=100, help_text="The row's model, as app_label.modelname.")
    object_id = models.PositiveBigIntegerField()
    figure = models.CharField(max_length=40)
    note = models.CharField(max_length=300, help_text="What is illustrative, and what the source gives instead.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id", "figure"], name="illustrative_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}: {self.figure}"
