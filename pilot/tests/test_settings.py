import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pilot import conf
from pilot.env import env_bool, env_choice, env_int


def test_env_bool_is_strict(monkeypatch):
    monkeypatch.setenv("X_FLAG", "TRUE")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_env_int_and_choice_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_MODE", "sometimes")
    with pytest.raises(ImproperlyConfigured):
        env_choice("X_MODE", "warn", ("off", "warn", "block"))


def test_uk_locale_and_time_zone():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
    import datetime

    from django.utils import formats, translation

    with translation.override("en-gb"):
        assert formats.date_format(datetime.date(2009, 3, 4), "SHORT_DATE_FORMAT") == "04/03/2009"


def test_celery_is_configured_for_safe_redelivery():
    from pilot.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json"
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    # A worker process that grew on a large report is replaced after it, not kept for the next task.
    assert app.conf.worker_max_memory_per_child == conf.worker_max_memory_per_child() == 400_000


def test_a_worker_takes_its_memory_cap_from_the_environment():
    code = "import django; django.setup(); from pilot.celery import app; print(app.conf.worker_max_memory_per_child)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pilot.settings", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "250000"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "250000"


def _manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-many-different-characters-1234567890",
            "DJANGO_ALLOWED_HOSTS": "example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_overrides={"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_every_scheduled_task_exists():
    """A typo in the beat schedule would only show as a silent error in the beat log."""
    from pilot.celery import app

    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert {"pilot-retention-nightly", "reports-sweep", "reports-expire", "reports-scheduled"} <= set(schedule)
    assert {"reminders-unregistered-meetings", "reminders-coordinators-weekly", "reminders-digests"} <= set(schedule)
    unknown = [entry["task"] for entry in schedule.values() if entry["task"] not in app.tasks]
    assert not unknown, f"scheduled tasks that no module defines: {unknown}"


def _fresh_python(code: str) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter with the test run's settings, after django.setup()."""
    prelude = "import django, sys\ndjango.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "pilot.settings")},
        capture_output=True,
        text=True,
        check=True,
    )


def test_django_starts_without_celery_or_the_document_libraries():
    """Every process pays for what django.setup() imports: the command line, each web worker, each test run.

    Celery is loaded by whatever sends or runs a task, markdown-it by the first text it formats, the file
    writers by the first file they write (docs/performance.md, "Starting a process")."""
    heavy = ("celery", "kombu", "django_celery_beat", "markdown_it", "weasyprint", "openpyxl", "pandas", "pyxform")
    done = _fresh_python(f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "module, task, name",
    [
        ("reports.tasks", "build_report", "reports.build"),
        ("evaluation.tasks", "response_job", "evaluation.response_job"),
        ("reminders.tasks", "digests", "reminders.digests"),
        ("network.tasks", "retention", "pilot.retention"),
        ("pilot.tasks", "health", "pilot.health"),
    ],
)
def test_a_task_imported_in_a_fresh_process_is_bound_to_the_projects_app(module, task, name):
    """Nothing loads pilot.celery at start-up any more: importing a task alone must bring the app and its broker."""
    done = _fresh_python(
        f"from django.conf import settings\nfrom {module} import {task} as task\n"
        "print(task.name, task.app.main, task.app.conf.broker_url == settings.CELERY_BROKER_URL)"
    )
    assert done.stdout.split() == [name, "pilot", "True"]


def test_beat_starts_with_a_var_folder_that_does_not_exist_yet(tmp_path):
    """A fresh deployment has no var/ until something makes it; beat opens its schedule file there first thing.

    With the embedded broker its folders (under var/) are made anyway; on Redis (CI, deployments) only the
    schedule's own folder makes this pass."""
    var = tmp_path / "fresh" / "var"
    env = {**os.environ, "PILOT_VAR_DIR": str(var)}
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pilot", "beat", "--loglevel=INFO"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and beat.poll() is None and not list(var.glob("celerybeat-schedule*")):
            time.sleep(0.2)
        time.sleep(1)  # what beat does next with the file: it would remove it as corrupt and stop if unreadable
        running = beat.poll() is None
    finally:
        beat.terminate()
        output, _ = beat.communicate(timeout=30)
    assert running, output
    assert list(var.glob("celerybeat-schedule*")), output
    assert "Traceback" not in output and "ERROR" not in output, output


def test_the_schedule_files_folder_is_made_when_the_app_loads(tmp_path):
    from pilot.celery import app, ensure_folders

    target = tmp_path / "a" / "b" / "celerybeat-schedule"
    before = app.conf.beat_schedule_filename
    assert before == settings.CELERY_BEAT_SCHEDULE_FILENAME
    app.conf.beat_schedule_filename = str(target)
    try:
        ensure_folders()
    finally:
        app.conf.beat_schedule_filename = before
    assert target.parent.is_dir()
