"""User text is never marked safe: no |safe, mark_safe or autoescape off anywhere in our code or templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
SKIP_PARTS = {".venv", "node_modules", "staticfiles", "media", "var", "tests", "migrations", "artifacts", ".git"}
PATTERN = re.compile(r"\|\s*safe\b|mark_safe\s*\(|autoescape\s+off|SafeString\(|\|\s*safeseq\b")

# Places where marking text safe is deliberate, each with the reason it cannot carry user input.
ALLOWED: dict[str, str] = {}


def _project_files():
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".py", ".txt", ".svg"} or not path.is_file():
            continue
        if SKIP_PARTS & set(path.relative_to(ROOT).parts):
            continue
        yield path


def test_no_template_or_module_marks_text_safe():
    offenders = []
    for path in _project_files():
        rel = str(path.relative_to(ROOT))
        if rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if PATTERN.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "text marked safe:\n" + "\n".join(offenders)


def test_no_inline_scripts_in_templates():
    offenders = []
    for path in _project_files():
        if path.suffix != ".html":
            continue
        text = path.read_text(errors="replace")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        if re.search(r"\son[a-z]+\s*=\s*\"", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert not offenders, "inline scripts (the CSP blocks them):\n" + "\n".join(offenders)


@pytest.mark.django_db
def test_forms_refuse_posts_without_a_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403
    client.force_login(coordinator)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.post("/accounts/password_change/", {}).status_code == 403
