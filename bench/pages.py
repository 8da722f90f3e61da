"""Time every page under gunicorn on the national-scale dataset (not a test; run it by hand).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pilot_bench
    python -m bench.reports --groups 1000 --years 5 --responses 100000 --only 0   # generates once
    python -m bench.pages --runs 7

Starts gunicorn (debug off, as in production) on a free port, signs in a coordinator through a session
made in the database, then requests each page `--runs` times one after another (after one warm-up) and
prints a Markdown table: p50, p95, HTML size and query count (from a second, in-process request with the
test client). Pages are every URL pattern without arguments that answers GET, plus the detail pages of one
bench site, group, round and questionnaire.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

TARGET_MS = 300
TARGET_KB = 300
SKIP_PREFIXES = ("/admin/", "/accounts/logout", "/healthz", "/static/", "/__")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")
    import django

    django.setup()


def _walk(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def plain_paths() -> list[str]:
    """Every URL pattern without converters (regex or path parameters)."""
    from django.urls import get_resolver

    paths = []
    for route, _ in _walk(get_resolver().url_patterns):
        if "<" in route or "(" in route or "^" in route or "$" in route:
            continue
        path = "/" + route
        if path.startswith(SKIP_PREFIXES) or path.endswith((".csv", ".json", ".xlsx", ".ics", ".xml", ".txt")):
            continue
        paths.append(path)
    return sorted(set(paths))


def detail_paths() -> list[str]:
    """The pages of one bench site, group, round and questionnaire (the dataset's biggest objects)."""
    from django.urls import NoReverseMatch, reverse

    from evaluation.models import CollectionRound, Questionnaire
    from groups.models import Group
    from sites.models import HostSite

    site = HostSite.objects.filter(slug="bench-0001").first()
    group = Group.objects.filter(site=site).order_by("pk").first()
    round_ = CollectionRound.objects.filter(site=site).first()
    questionnaire = Questionnaire.objects.filter(audience="group_members").first()
    wanted = [
        ("network:site", [site.slug] if site else None),
        ("network:site_timeline", [site.slug] if site else None),
        ("groups:detail", [group.pk] if group else None),
        ("evaluation:round_detail", [round_.pk] if round_ else None),
        ("evaluation:detail", [questionnaire.form_id] if questionnaire else None),
        ("evaluation:responses", [questionnaire.form_id] if questionnaire else None),
        ("evaluation:summary", [questionnaire.form_id] if questionnaire else None),
    ]
    paths = []
    for name, args in wanted:
        if args is None:
            continue
        try:
            paths.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return paths


def coordinator_session() -> tuple[str, object]:
    """A session cookie value for a bench coordinator (made once)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from pilot.roles import Role, assign_role

    user, made = get_user_model().objects.get_or_create(username="bench-coordinator")
    if made:
        user.set_unusable_password()
        user.save()
    assign_role(user, Role.COORDINATOR)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key, user


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, *, workers: int = 2, timeout: int | None = 120) -> subprocess.Popen:
    """gunicorn on this port with debug off; `timeout=None` keeps gunicorn's own (30 s), as the README runs it."""
    sys.path.insert(0, os.getcwd())
    from dev import demo_env

    env = demo_env(str(port))
    env.pop("PILOT_DEMO", None)
    env["PILOT_RATELIMIT_ENABLE"] = "0"
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "pilot.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level",
               "warning"]  # fmt: skip
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    proc = subprocess.Popen(command, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 (http to this machine)
            return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # still starting (slow on a loaded machine)
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def fetch(url: str, cookie: str) -> tuple[int, int, float]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})  # noqa: S310
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:  # noqa: S310 (http to this machine)
            body = answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, len(body), (time.perf_counter() - start) * 1000


def count_queries(path: str, user) -> int | None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    return len(queries) if answer.status_code == 200 else None


def run(*, runs: int, only: str | None) -> list[dict]:
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    cookie, user = coordinator_session()
    paths = plain_paths() + detail_paths()
    if only:
        paths = [p for p in paths if only in p]
    port = free_port()
    server = start_gunicorn(port)
    rows = []
    try:
        for path in paths:
            status, size, _ = fetch(f"http://127.0.0.1:{port}{path}", cookie)
            if status != 200:
                continue  # POST-only, a redirect or a page needing parameters
            times = sorted(fetch(f"http://127.0.0.1:{port}{path}", cookie)[2] for _ in range(runs))
            rows.append({
                "path": path,
                "p50": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "kb": size / 1024,
                "queries": count_queries(path, user),
            })  # fmt: skip
            print(f"{rows[-1]['p50']:8.0f} ms {rows[-1]['kb']:7.0f} KB  {path}", file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.wait(10)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| page | p50 ms | p95 ms | HTML KB | queries | under 300 ms and 300 KB |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in sorted(rows, key=lambda r: -r["p50"]):
        met = row["p50"] < TARGET_MS and row["kb"] < TARGET_KB
        lines.append(
            f"| `{row['path']}` | {row['p50']:.0f} | {row['p95']:.0f} | {row['kb']:.0f} | {row['queries'] or '-'} | "
            f"{'yes' if met else '**no**'} |"
        )
    missed = [r for r in rows if not (r["p50"] < TARGET_MS and r["kb"] < TARGET_KB)]
    lines.append("")
    lines.append(f"{len(rows) - len(missed)} of {len(rows)} pages meet the target.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="only paths containing this text")
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    from dev import demo_env

    # This process signs the coordinator's session and counts queries: the same settings as the server's
    # (its secret key, debug off), or the server would refuse the session as corrupted.
    os.environ.update({k: v for k, v in demo_env("0").items() if k not in ("PILOT_DEMO", "PORT")})
    setup_django()
    from django.core.management import call_command

    # Debug off serves hashed static names from the manifest, as a release does after collectstatic.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(table(run(runs=args.runs, only=args.only)))


if __name__ == "__main__":
    main()
