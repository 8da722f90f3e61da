"""Thin Celery tasks for questionnaires: load by id, call a service. The job row is the truth."""

from __future__ import annotations

from evaluation import services
from pilot.celery import app


@app.task(name="evaluation.import_xlsform", acks_late=True, reject_on_worker_lost=True)
def import_xlsform(job_id: str) -> None:
    """Import one uploaded XLSForm saved as a job (a repeated delivery of a finished job changes nothing)."""
    services.xlsform_job_run(job_id=job_id)


@app.task(name="evaluation.response_job", acks_late=True, reject_on_worker_lost=True)
def response_job(job_id: str) -> None:
    """Check, save or export one job of responses (a repeated delivery of a finished job changes nothing)."""
    from evaluation import jobs

    jobs.job_run(job_id=job_id)


@app.task(name="evaluation.sweep_jobs")
def sweep_jobs() -> dict:
    """Resend response jobs the broker could not take, fail those whose worker died, delete expired files."""
    from evaluation import jobs

    return jobs.jobs_sweep()
