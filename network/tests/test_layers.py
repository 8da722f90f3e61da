"""The layers of docs/architecture.md, read from every module's imports (tests and migrations aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ("sites", "programmes", "committee", "referrals", "groups", "training", "budget", "evaluation")
# Apps to the left of each domain app: the only ones its models may point at.
MODELS_MAY_USE = {
    "sites": (),
    "programmes": ("sites",),
    "committee": ("sites", "programmes"),
    "referrals": ("sites",),
    "groups": ("sites",),
    "training": ("sites", "programmes", "groups"),
    "budget": ("sites", "programmes", "groups", "training"),
    "evaluation": ("sites", "programmes", "groups"),
}
PROJECT_MODULES = {
    "pilot/settings.py",
    "pilot/urls.py",
    "pilot/views.py",
    "pilot/celery.py",
    "pilot/wsgi.py",
    "pilot/asgi.py",
}


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or "/testing/" in relative:
            continue
        yield relative, path


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _violations(package: str, forbidden: set[str], skip=frozenset()) -> list[str]:
    return [
        f"{relative} imports {app}"
        for relative, path in _modules(package)
        if relative not in skip
        for app in sorted(_imported_apps(path) & forbidden)
    ]


TOP = ("reports", "reminders")  # beside each other, above the composition layer


def test_the_core_imports_no_app():
    assert _violations("pilot", {*DOMAIN, "network", *TOP}, skip=PROJECT_MODULES) == []


@pytest.mark.parametrize("app", DOMAIN)
def test_a_domain_app_imports_neither_the_composition_layer_nor_reports(app):
    assert _violations(app, {"network", *TOP}) == []


def test_the_composition_layer_imports_no_report():
    assert _violations("network", set(TOP)) == []


def test_reports_and_reminders_import_neither_each_other():
    assert _violations("reports", {"reminders"}) == []
    assert _violations("reminders", {"reports"}) == []


@pytest.mark.parametrize("app", DOMAIN)
def test_models_point_one_way(app):
    forbidden = {a for a in DOMAIN if a != app and a not in MODELS_MAY_USE[app]} | {"network", *TOP}
    path = ROOT / app / "models.py"
    assert sorted(_imported_apps(path) & forbidden) == []


def test_no_registry_or_fallback_is_left():
    words = ("model_with", "hooks.register", "scheduler()", "apps.get_model(")
    found = [
        f"{relative}: {word}"
        for package in ("pilot", *DOMAIN, "network", *TOP)
        for relative, path in _modules(package)
        for word in words
        if word in path.read_text()
    ]
    assert found == []


def test_the_layer_test_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from network.health import flags_for\nimport reports.kinds\n")
    assert _imported_apps(bad) == {"network", "reports"}
