from django.db import models


class WorkerHeartbeat(models.Model):
    """A row written by the health task: proof that a worker ran and reached the database."""

    token = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname or 'worker'} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
