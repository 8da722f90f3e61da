"""Background tasks of the composition layer."""

from network.privacy import retention_enforce
from pilot.celery import app


# The name predates the network app; beat schedules and the admin refer to it.
@app.task(name="pilot.retention")
def retention() -> dict:
    """Nightly: erase people inactive past the retention period, drop old audit entries."""
    return vars(retention_enforce())
