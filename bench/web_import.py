"""A large upload of responses through the web, end to end (not a test; run it by hand against a copy).

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE pilot_web TEMPLATE pilot_bench"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pilot_web CELERY_BROKER_URL=redis://127.0.0.1:6379/9
    python manage.py migrate
    python -m bench.web_import --rows 200000

Starts gunicorn as the README deploys it (three workers, gunicorn's own 30 s timeout) and a Celery worker,
signs in a coordinator, uploads a CSV of ROWS responses (the demo's answer sheets repeated, as
bench.import_export writes them) into a new round of members_autumn_2009, waits for the job's check, presses
the preview's import button, waits for the import, and prints how long each step took and the worker's peak
memory. The responses are kept: run it against a copy of the national dataset.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid


class _Browser:
    """Requests with the session's cookie and the CSRF cookie the server sets, redirects followed."""

    def __init__(self, session: str):
        self.cookies = {"sessionid": session}
        self.opener = urllib.request.build_opener()

    def open(self, request):
        if isinstance(request, str):
            request = urllib.request.Request(request)  # noqa: S310 (http to this machine)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        answer = self.opener.open(request, timeout=120)
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer

    def csrf(self, url: str) -> str:
        with self.open(url) as answer:
            page = answer.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _post(browser: _Browser, url: str, fields: dict, files: dict | None = None) -> tuple[int, str, float]:
    """POST a form (multipart when there are files); (status, final URL, seconds)."""
    boundary = uuid.uuid4().hex
    if files:
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/csv\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
    else:
        body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})  # noqa: S310
    start = time.perf_counter()
    with browser.open(request) as answer:
        answer.read()
        return answer.status, answer.url, time.perf_counter() - start


def _wait(job, statuses: set, worker: subprocess.Popen, peak: list, limit: float = 900) -> float:
    """Seconds until the job reaches one of these statuses; `peak[0]` keeps the worker's largest memory seen."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        peak[0] = max(peak[0], _children_mb(worker.pid))
        job.refresh_from_db()
        if job.status in statuses:
            return time.perf_counter() - start
        time.sleep(0.25)
    raise SystemExit(f"the job is still {job.status} after {limit:.0f} s: {job.status_line}")


def _children_mb(pid: int) -> float:
    """The largest resident memory of a process's children now: the worker's pool processes (a child past
    `worker_max_memory_per_child` is replaced after its task, so it is sampled while the job runs)."""
    largest = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and "VmRSS" in fields:
            largest = max(largest, int(fields["VmRSS"].split()[0]) / 1024)
    return largest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    from bench.pages import coordinator_session, free_port, setup_django, start_gunicorn
    from dev import demo_env

    os.environ.update({k: v for k, v in demo_env("0").items() if k not in ("PILOT_DEMO", "PORT")})
    setup_django()
    from django.core.management import call_command

    from bench.import_export import _valid_file
    from evaluation.models import CollectionRound, Questionnaire, ResponseJob
    from evaluation.services import round_create

    call_command("collectstatic", interactive=False, verbosity=0)
    questionnaire = Questionnaire.objects.get(form_id="members_autumn_2009")
    model = CollectionRound.objects.filter(questionnaire=questionnaire).order_by("opens_on").first()
    target = round_create(
        questionnaire=questionnaire, name=f"Web import {uuid.uuid4().hex[:6]}", site=model.site,
        opens_on=model.opens_on,
        closes_on=max(r.closes_on for r in CollectionRound.objects.filter(questionnaire=questionnaire)),
    )  # fmt: skip
    session, _ = coordinator_session()
    port = free_port()
    server = start_gunicorn(port, workers=3, timeout=None)
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "celery"), "-A", "pilot", "worker", "--loglevel=WARNING",
         "--concurrency=1"],
        env={**os.environ},
    )  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "responses.csv")
            _valid_file(path, args.rows)
            with open(path, "rb") as stream:
                data = stream.read()
        print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB; gunicorn as the README runs it, one Celery worker")
        browser = _Browser(session)
        base = f"http://127.0.0.1:{port}"
        upload_url = f"{base}/evaluation/{questionnaire.form_id}/responses/import/"
        token = browser.csrf(upload_url)
        status, landed, took = _post(
            browser, upload_url, {"csrfmiddlewaretoken": token, "round": target.pk},
            files={"file": ("responses.csv", data)},
        )  # fmt: skip
        print(f"upload request: {status} in {took:.1f} s, landed on {landed.removeprefix(base)}")
        job = ResponseJob.objects.filter(round=target).latest("created_at")
        peak = [0.0]
        checked = _wait(job, {ResponseJob.Status.CHECKED, ResponseJob.Status.FAILED}, worker, peak)
        print(f"checked by the worker for the preview: {job.status} after {checked:.1f} s ({job.rows:,} rows)")
        if job.status != ResponseJob.Status.CHECKED:
            raise SystemExit(f"refused: {job.message} {job.errors[:3]}")
        job_url = f"{base}{job.get_absolute_url()}"
        status, _, took = _post(browser, job_url, {"csrfmiddlewaretoken": browser.csrf(job_url), "confirm": "1"})
        print(f"confirm request: {status} in {took:.1f} s")
        imported = _wait(job, {ResponseJob.Status.DONE, ResponseJob.Status.FAILED}, worker, peak)
        print(f"imported by the worker: {job.status} after {imported:.1f} s: {job.status_line or job.message}")
        print(f"worker's largest memory seen (sampled every 0.25 s): {peak[0]:.0f} MB")
        saved = target.responses.count()
        print(f"RESULT\t{job.status}\t{saved}\t{checked:.1f}\t{imported:.1f}")
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=60)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
