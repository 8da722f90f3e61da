"""The demo runs with debug off, as production does: friendly error pages and no route list, static
files still served (collected, by WhiteNoise), cookies that work over the demo's plain HTTP."""

import importlib.util
import subprocess
import sys

from django.conf import settings

SCRIPT = """
from django.test import Client
from django.templatetags.static import static
c = Client()
print("DEBUG", __import__("django.conf").conf.settings.DEBUG)
hashed = static("css/app.css")
print("STATIC", c.get("/static/css/app.css").status_code, c.get(hashed).status_code, hashed)
r = c.get("/no-such-page/")
print("NOTFOUND", r.status_code)
print(r.content.decode())
"""


def _dev():
    spec = importlib.util.spec_from_file_location("dev", settings.BASE_DIR / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_environment_turns_debug_off_for_plain_http_and_keeps_what_the_user_set(tmp_path, monkeypatch):
    dev = _dev()
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    env = dev.demo_env("8001", base={"DJANGO_ALLOWED_HOSTS": "demo.example.org"})
    assert env["DJANGO_DEBUG"] == "0" and env["PILOT_DEMO"] == "1" and env["PORT"] == "8001"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == env["DJANGO_SECURE_COOKIES"] == env["DJANGO_HSTS_SECONDS"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"] == "demo.example.org"
    key = (tmp_path / "var" / "demo-secret-key").read_text()
    assert env["DJANGO_SECRET_KEY"] == key and len(key) >= 50
    assert dev.demo_env("8001", base={})["DJANGO_SECRET_KEY"] == key  # kept: sessions survive a restart
    assert dev.demo_env("8001", base={"DJANGO_DEBUG": "1"})["DJANGO_DEBUG"] == "1"


def test_with_the_demo_environment_static_files_are_served_and_a_404_lists_no_routes(tmp_path, monkeypatch):
    dev = _dev()
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    env = dev.demo_env("8001", base={k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_")})
    env.update(
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PILOT_VAR_DIR=str(tmp_path / "var"),
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("collectstatic", "--noinput", "--verbosity", "0")
    out = manage("shell", "-c", SCRIPT)
    lines = out.splitlines()
    assert "DEBUG False" in lines
    static = next(line for line in lines if line.startswith("STATIC")).split()
    assert static[1:3] == ["200", "200"] and static[3] != "/static/css/app.css"  # hashed name in production
    assert "NOTFOUND 404" in lines
    assert "Page not found" in out and "start page" in out
    page = out.split("NOTFOUND 404")[1]
    assert "URLconf" not in page and "admin/" not in page and "The current path" not in page
