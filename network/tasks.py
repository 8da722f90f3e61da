"""Background tasks of the composition layer."""

from celery import shared_task

from network.privacy import retention_enforce


# The name predates the network app; beat schedules and the admin refer to it.
@shared_task(name="pilot.retention")
def retention() -> dict:
    """Nightly: erase people inactive past the retention period, drop old audit entries."""
    return vars(retention_enforce())
