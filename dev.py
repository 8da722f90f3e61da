#!/usr/bin/env python3
"""Run the project on a fresh machine with nothing but Python 3.11+ and pip.

    python3 dev.py demo   # install, migrate, load the demo, serve it with a background worker
    python3 dev.py test   # install the test tools and run the whole test suite

Both create or update `.venv/` first. Extra arguments after `test` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*args: str | Path, env: dict | None = None, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=check).returncode


def ensure_venv(requirements: str) -> None:
    """Create .venv and install requirements, skipping pip when nothing changed since last time."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Python 3.11 or newer is needed.")
    if not PY.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    req = ROOT / requirements
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("requirements.txt", requirements))).hexdigest()
    stamp = VENV / f".installed-{req.stem}"
    if not stamp.exists() or stamp.read_text() != digest:
        run(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", req)
        stamp.write_text(digest)


def ensure_axe() -> None:
    """axe-core for the browser tests' accessibility checks, from the npm registry, when npm is present."""
    if (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists():
        return
    npm = shutil.which("npm")
    if npm:
        run(npm, "install", "--no-audit", "--no-fund", "--silent", check=False)
    else:
        print("npm not found: browser accessibility checks will be skipped.", flush=True)


def demo_env(port: str, base: dict | None = None) -> dict:
    """The demo's environment: debug off as in production (friendly error pages, no route list), served over
    plain HTTP on this machine; anything already set in the environment wins."""
    env = dict(os.environ if base is None else base)
    key_file = ROOT / "var" / "demo-secret-key"
    if "DJANGO_SECRET_KEY" not in env:
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["DJANGO_SECRET_KEY"] = key_file.read_text().strip()
    defaults = {
        "PILOT_DEMO": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on this machine: no HTTPS redirect,
        "DJANGO_SECURE_COOKIES": "0",  # cookies sent over HTTP
        "DJANGO_HSTS_SECONDS": "0",  # and no HSTS
    }
    for name, value in defaults.items():
        env.setdefault(name, value)
    env["PORT"] = port
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def demo(port: str = "8000") -> int:
    ensure_venv("requirements.txt")
    env = demo_env(port)
    # Reminder emails are printed by the worker, never sent, and their links lead back to this server.
    env.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    env.setdefault("REMINDERS_SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("REPORTS_SITE_URL", f"http://127.0.0.1:{port}")  # the "your report is ready" email's link
    run(PY, "manage.py", "migrate", "--noinput", env=env)
    run(PY, "manage.py", "load_pilot_demo", env=env)
    run(PY, "manage.py", "load_demo_reports", env=env)  # built and shared by the worker started below
    # Debug is off, so static files are served as in production: collected, hashed, by WhiteNoise.
    run(PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0", env=env)
    print(
        f"\nServing the demo on http://127.0.0.1:{port}/ with a background worker.\n"
        "Sign in with one of the logins above. Press Ctrl-C to stop both.\n",
        flush=True,
    )
    try:
        return run(BIN / "honcho", "-f", "Procfile.dev", "start", env=env, check=False)
    except KeyboardInterrupt:
        return 0


def test(args: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    ensure_axe()
    return run(PY, "-m", "pytest", *args, check=False)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    if argv[0] == "demo":
        return demo(*(argv[1:2] or ["8000"]))
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
