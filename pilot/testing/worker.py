"""Start a real Celery worker process against the test database and a private queue."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from pilot.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]  # the checkout, where manage.py is


def database_url_for_current_connection() -> str:
    """A DATABASE_URL that points a child process at the database this test process uses."""
    sd = connection.settings_dict
    if sd["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{sd['NAME']}"
    if sd["ENGINE"] == "django.db.backends.postgresql":
        auth = sd["USER"] or ""
        if sd.get("PASSWORD"):
            auth += f":{sd['PASSWORD']}"
        host = sd.get("HOST") or "127.0.0.1"
        port = sd.get("PORT") or 5432
        return f"postgres://{auth}@{host}:{port}/{sd['NAME']}"
    raise RuntimeError(f"no worker support for {sd['ENGINE']}")


def broker_reachable() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


class WorkerProcess:
    """A `celery worker` child process consuming a queue of its own (no beat: it keeps house by itself)."""

    def __init__(self, log_dir: Path, pool: str = "solo"):
        # "prefork" (one child, as production runs) where time limits matter: the solo pool does not enforce them.
        self.pool = pool
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.log_path = log_dir / f"worker-{self.queue}.log"
        self.proc: subprocess.Popen | None = None
        self._previous_routes = celery_app.conf.task_routes

    def start(self) -> WorkerProcess:
        env = dict(os.environ)
        env["DATABASE_URL"] = database_url_for_current_connection()
        env["CELERY_TASK_DEFAULT_QUEUE"] = self.queue
        env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
        env.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pilot",
                "worker",
                "-P",
                self.pool,
                *(["-c", "1"] if self.pool == "prefork" else []),
                "-Q",
                self.queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._route_all_tasks_to({"*": {"queue": self.queue}})
        self._wait_until_ready()
        return self

    @property
    def pid(self) -> int | None:
        """The worker's main process id (with the solo pool it also runs the tasks)."""
        return self.proc.pid if self.proc else None

    def heartbeat(self):
        """This worker's heartbeat row, once its housekeeping thread has written it."""
        from pilot.models import WorkerHeartbeat

        return WorkerHeartbeat.objects.filter(hostname__startswith=f"{self.queue}@", pid=self.pid).first()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()}")
            # Ready: consuming, and its housekeeping thread has written the first heartbeat.
            if "ready." in self.log_path.read_text() and self.heartbeat() is not None:
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.log_path.read_text()}")

    @staticmethod
    def _route_all_tasks_to(routes) -> None:
        # The router is cached on first use; rebuild it so that this process sends to our queue.
        celery_app.conf.task_routes = routes
        celery_app.amqp.flush_routes()
        celery_app.amqp.__dict__.pop("router", None)

    def kill(self) -> None:
        """Kill without warning, as a crashed machine would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._route_all_tasks_to(self._previous_routes)
        if not self.log.closed:
            self.log.close()


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout}s")
