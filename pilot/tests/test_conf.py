"""One settings style: every tunable is read through `pilot.conf.setting`, at call time, and documented.

- No module reads a Django setting (or calls a tunable's accessor) while it is imported, where
  `override_settings` could never reach it: an AST check of every project file.
- Only `conf.py` modules call `setting(NAME)`, only with names listed in `pilot.conf.TUNABLES`, and
  no code reads a tunable from `django.conf.settings` by itself.
- Every accessor function in a `conf.py` returns the overridden value under `override_settings`.
- Every tunable that operators set through the environment is read from it by pilot/settings.py.
- docs/configuration.md lists exactly the tunables of the table, with the same defaults.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import override_settings

from pilot.conf import TUNABLES, Tunable, format_default, setting

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "media", "var", "artifacts", "__pycache__"}
# Django's swappable user model is named in model and migration declarations by design; it is fixed
# for the life of a project and cannot be overridden in a test.
ALLOWED_IMPORT_TIME = {"AUTH_USER_MODEL"}


def project_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                path = Path(folder) / name
                yield path.relative_to(ROOT).as_posix(), path


# --- the import-time check -----------------------------------------------------------------------


class _Names(ast.NodeVisitor):
    """What a module calls `settings` (django.conf's), `setting`, and the conf modules and functions it imported."""

    def __init__(self):
        self.settings: set[str] = set()
        self.setting: set[str] = set()
        self.conf_modules: set[str] = set()
        self.conf_functions: set[str] = set()

    def visit_ImportFrom(self, node):
        for alias in node.names:
            bound = alias.asname or alias.name
            if node.module == "django.conf":
                if alias.name == "settings":
                    self.settings.add(bound)
            elif node.module == "pilot.conf" and alias.name == "setting":
                self.setting.add(bound)
            elif alias.name == "conf":  # from groups import conf, from evaluation.reports import conf as reports_conf
                self.conf_modules.add(bound)
            elif (node.module or "").endswith(".conf"):  # from training.conf import active_weeks
                self.conf_functions.add(bound)

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name.endswith(".conf") and alias.name != "django.conf" and alias.asname:
                self.conf_modules.add(alias.asname)


def _import_time_nodes(tree: ast.Module):
    """Every expression evaluated when the module is imported: module and class bodies, decorators, defaults."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(node.decorator_list)
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
            continue
        if isinstance(node, ast.Lambda):
            pending.extend(node.args.defaults)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def import_time_reads(source: str) -> list[str]:
    """Settings and tunables a module reads while it is imported, as "line: what"."""
    tree = ast.parse(source)
    names = _Names()
    names.visit(tree)
    found = []
    for node in _import_time_nodes(tree):
        what = None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in names.settings and node.attr not in ALLOWED_IMPORT_TIME:
                what = f"settings.{node.attr}"
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "getattr" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in names.settings:
                    what = "getattr(settings, ...)"
            elif isinstance(func, ast.Name) and func.id in names.setting | names.conf_functions:
                what = f"{func.id}(...)"
            elif (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in names.conf_modules
            ):
                what = f"{func.value.id}.{func.attr}(...)"
        if what:
            found.append(f"{node.lineno}: {what}")
    return sorted(set(found), key=lambda entry: int(entry.split(":")[0]))


def test_the_check_finds_reads_at_import_time_and_leaves_reads_in_functions_alone():
    source = textwrap.dedent(
        """
        from django.conf import settings
        from django.conf import settings as dj
        from groups import conf
        from evaluation.reports import conf as reports_conf
        from pilot.conf import setting
        from training.conf import active_weeks

        LIMIT = settings.PAGE_SIZE
        OTHER = getattr(dj, "X", 1)
        DAYS = conf.edit_window_days()
        WEEKS = active_weeks()

        class Form:
            size = setting("GROUPS_MEETINGS_PER_PAGE")
            user = settings.AUTH_USER_MODEL

        def view(request, per_page=reports_conf.max_attempts()):
            return settings.DEBUG, conf.edit_window_days(), setting("X"), active_weeks()

        handler = lambda: settings.DEBUG
        """
    )
    assert import_time_reads(source) == [
        "9: settings.PAGE_SIZE",
        "10: getattr(settings, ...)",
        "11: conf.edit_window_days(...)",
        "12: active_weeks(...)",
        "15: setting(...)",
        "18: reports_conf.max_attempts(...)",
    ]


def test_no_module_reads_a_setting_when_it_is_imported():
    offenders = []
    for name, path in project_files():
        if name == "pilot/settings.py":
            continue  # the settings module itself
        offenders += [f"{name}:{line}" for line in import_time_reads(path.read_text())]
    assert not offenders, "read at import time, so override_settings cannot reach them:\n" + "\n".join(offenders)


# --- one way to read a tunable ------------------------------------------------------------------


def _setting_calls(tree: ast.Module, names: _Names):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names.setting:
            yield node


def test_tunables_are_read_only_through_setting_in_conf_modules():
    outside, unlisted, direct, not_literal = [], [], [], []
    for name, path in project_files():
        if name in {"pilot/settings.py", "pilot/conf.py"} or "/tests/" in f"/{name}":
            continue
        tree = ast.parse(path.read_text())
        names = _Names()
        names.visit(tree)
        for call in _setting_calls(tree, names):
            if not name.endswith("conf.py"):
                outside.append(f"{name}:{call.lineno}")
            literal = call.args[0] if call.args else None
            if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
                not_literal.append(f"{name}:{call.lineno}")
            elif literal.value not in TUNABLES:
                unlisted.append(f"{name}:{call.lineno} {literal.value}")
        for node in ast.walk(tree):
            # settings.NAME or getattr(settings, "NAME") for a tunable: a second way of reading it.
            reads_settings = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if reads_settings and node.value.id in names.settings and node.attr in TUNABLES:
                direct.append(f"{name}:{node.lineno} settings.{node.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
                args = node.args
                if len(args) >= 2 and isinstance(args[0], ast.Name) and args[0].id in names.settings:
                    direct.append(f"{name}:{node.lineno} getattr(settings, ...)")
    assert not outside, f"setting() outside a conf.py module: {outside}"
    assert not not_literal, f"setting() with a name that is not written out: {not_literal}"
    assert not unlisted, f"setting() of a name missing from pilot.conf.TUNABLES: {unlisted}"
    assert not direct, f"tunables read from django.conf.settings directly: {direct}"


def _other_value(tunable: Tunable, current):
    """A valid value different from the current one."""
    if tunable.choices:
        return next(c for c in tunable.choices if c != current)
    if tunable.type == "bool":
        return not current
    if tunable.type in ("int", "int or None"):
        return (current or 0) + 4321
    if tunable.type == "float":
        return current + 1.5
    if tunable.type == "str":
        return f"{current}-other"
    if tunable.type.startswith("date"):
        return datetime.date(2009, 7, 1) if current != datetime.date(2009, 7, 1) else datetime.date(2009, 7, 2)
    if tunable.type == "(int, int)":
        return (current[0] + 1, current[1] + 1)
    if tunable.type == "dict of rates":
        return dict.fromkeys(current, "1/s")
    raise AssertionError(f"no test value for type {tunable.type!r} of {tunable.name}")


@pytest.mark.parametrize("name", sorted(TUNABLES))
def test_setting_reads_each_tunable_when_called_so_override_settings_works(name):
    tunable = TUNABLES[name]
    value = _other_value(tunable, setting(name))
    with override_settings(**{name: value}):
        assert setting(name) == value
    assert setting(name) != value


def _conf_modules():
    for name, path in project_files():
        if path.name == "conf.py" and "/tests/" not in f"/{name}":
            yield name[: -len(".py")].replace("/", "."), path


def _accessors():
    """(module, function name, tunables it reads) for every public function of every conf module."""
    for module_name, path in _conf_modules():
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.args.args:
                continue
            reads = [
                call.args[0].value
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "setting"
            ]
            if reads:
                yield module_name, node.name, reads


def test_every_app_reads_its_tunables_through_a_conf_module():
    modules = {module for module, _, _ in _accessors()}
    assert {"pilot.conf", "sites.conf", "groups.conf", "training.conf", "evaluation.conf"} <= modules
    read = {name for _, _, reads in _accessors() for name in reads}
    assert read == set(TUNABLES), f"tunables no accessor reads: {set(TUNABLES) - read}"


@pytest.mark.parametrize(("module", "function", "reads"), list(_accessors()), ids=lambda v: str(v))
def test_each_accessor_returns_the_overridden_value(module, function, reads):
    accessor = getattr(importlib.import_module(module), function)
    for name in reads:
        tunable = TUNABLES[name]
        before = accessor()
        value = _other_value(tunable, setting(name))
        with override_settings(**{name: value}):
            assert accessor() != before, f"{module}.{function}() ignores an override of {name}"


# --- the environment ----------------------------------------------------------------------------


def _environment_value(tunable: Tunable) -> tuple[str, object]:
    """A value for the environment variable and the setting it should become."""
    if tunable.choices:
        choice = next(c for c in tunable.choices if c != tunable.default)
        return choice, choice
    if tunable.type == "bool":
        return ("0" if tunable.default else "1"), not tunable.default
    if tunable.type in ("int", "int or None"):
        return "4321", 4321
    if tunable.type == "float":
        return "2.5", 2.5
    if tunable.type == "str":
        return "from-the-environment", "from-the-environment"
    raise AssertionError(f"no environment value for {tunable.name}")


def test_pilot_settings_reads_every_tunable_that_has_an_environment_variable():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    expected = {}
    for tunable in TUNABLES.values():
        if not tunable.env:
            continue
        if tunable.type == "dict of rates":
            variables = [v.strip() for v in tunable.env.split(",")]
            env.update(dict.fromkeys(variables, "9/m"))
            expected[tunable.name] = dict.fromkeys(tunable.default, "9/m")
            assert [f"PILOT_RATE_{key.upper()}" for key in tunable.default] == variables
            continue
        assert tunable.env == tunable.name, "a scalar tunable is set by the environment variable of its own name"
        env[tunable.name], expected[tunable.name] = _environment_value(tunable)
    script = "import json; from pilot.conf import TUNABLES, setting; print(json.dumps({n: setting(n) for n in %r}))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script % sorted(expected)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


# --- the documentation --------------------------------------------------------------------------


def documented_tunables() -> dict[str, dict]:
    """The rows of the tunables tables in docs/configuration.md, by setting name, with the app heading above."""
    text = (ROOT / "docs" / "configuration.md").read_text()
    section = text.split("\n## Tunables", 1)[1].split("\n## ", 1)[0]
    rows, app = {}, None
    for line in section.splitlines():
        heading = re.match(r"^### `?(\w+)`?", line)
        if heading:
            app = heading.group(1)
        row = re.match(r"^\| `([A-Z0-9_]+)` \|(.*)\|$", line)
        if row:
            cells = [c.strip() for c in row.group(2).split("|")]
            assert row.group(1) not in rows, f"{row.group(1)} is documented twice"
            rows[row.group(1)] = dict(zip(("type", "default", "env", "meaning"), cells, strict=True), app=app)
    return rows


def test_every_tunable_is_documented_and_every_documented_one_exists():
    documented = documented_tunables()
    assert sorted(set(TUNABLES) - set(documented)) == [], "in pilot/conf.py but not in docs/configuration.md"
    assert sorted(set(documented) - set(TUNABLES)) == [], "in docs/configuration.md but not in pilot/conf.py"


@pytest.mark.parametrize("name", sorted(TUNABLES))
def test_the_documented_default_app_and_variable_match_the_table(name):
    tunable, row = TUNABLES[name], documented_tunables()[name]
    assert row["default"] == f"`{format_default(tunable.default)}`"
    assert row["app"] == tunable.app
    assert row["type"] == tunable.type.replace("|", "/")
    assert row["env"] == (", ".join(f"`{v.strip()}`" for v in tunable.env.split(",")) if tunable.env else "—")
    assert row["meaning"]
