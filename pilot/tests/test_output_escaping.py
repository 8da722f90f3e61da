"""User text is never marked safe or run as a template.

No |safe, mark_safe or autoescape off anywhere in our code or templates; crispy layout objects that
render their text as a template (HTML, Fieldset legends, button values) and Template(...) get only
literals written in the code, never data.
"""

import ast
import re
import textwrap
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
SKIP_PARTS = {".venv", "node_modules", "staticfiles", "media", "var", "tests", "migrations", "artifacts", ".git"}
PATTERN = re.compile(r"\|\s*safe\b|mark_safe\s*\(|autoescape\s+off|SafeString\(|\|\s*safeseq\b")

# Places where marking text safe is deliberate, each with the reason it cannot carry user input.
ALLOWED: dict[str, str] = {
    "evaluation/markup.py": "marks safe only markdown-it output with raw HTML off, cleaned by nh3's allow-list",
}


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


# Callables that run one of their arguments as a Django template, and which argument.
CRISPY_TEMPLATE_ARGS = {"HTML": 0, "Fieldset": 0, "StrictButton": 0, "Submit": 1, "Button": 1, "Hidden": 1, "Reset": 1}
TEMPLATE_ARGS = {"Template": 0, "from_string": 0}


def _is_literal(node) -> bool:
    """Text written in the code: a string constant, or a choice or sum of them (never an f-string or a name)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _is_literal(node.body) and _is_literal(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_literal(node.left) and _is_literal(node.right)
    return False


def _template_callables(tree) -> dict[str, int]:
    """Names in this module that run an argument as a template: crispy's layout objects and Django's Template."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                name = alias.asname or alias.name
                if node.module.startswith("crispy_forms") and alias.name in CRISPY_TEMPLATE_ARGS:
                    found[name] = CRISPY_TEMPLATE_ARGS[alias.name]
                if node.module.startswith("django.template") and alias.name == "Template":
                    found[name] = 0
    return found


def _called_name(call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _calls_with_scope(node, scope=None):
    """Every call in the tree with the function it is written in (None: module level)."""
    for child in ast.iter_child_nodes(node):
        inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
        if isinstance(child, ast.Call):
            yield child, scope
        yield from _calls_with_scope(child, inner)


def template_data_offenders(source: str, filename: str = "<module>") -> list[str]:
    """Calls that hand a template-running callable anything but a literal.

    An argument that is a parameter of the enclosing function makes that function such a callable
    too (e.g. a `_helper(label)` that builds a Submit), so its own callers are checked the same way.
    """
    tree = ast.parse(source)
    callables = {**_template_callables(tree), **TEMPLATE_ARGS}
    calls = list(_calls_with_scope(tree))
    offenders: dict[tuple[int, int], str] = {}
    changed = True
    while changed:
        changed = False
        for call, scope in calls:
            name = _called_name(call)
            if name not in callables or (isinstance(call.func, ast.Attribute) and name not in TEMPLATE_ARGS):
                continue  # crispy names are matched as imported, attributes only for Django's Template
            index = callables[name]
            if index >= len(call.args) or _is_literal(call.args[index]):
                continue
            arg = call.args[index]
            params = [a.arg for a in scope.args.args if a.arg != "self"] if scope else []
            if isinstance(arg, ast.Name) and arg.id in params:
                if scope.name not in callables:
                    callables[scope.name] = params.index(arg.id)
                    changed = True
                continue
            offenders[(call.lineno, call.col_offset)] = f"{filename}:{call.lineno}: {ast.unparse(call)[:120]}"
    return [offenders[k] for k in sorted(offenders)]


def test_layout_objects_and_templates_get_only_literals():
    offenders = []
    for path in _project_files():
        if path.suffix == ".py":
            offenders += template_data_offenders(path.read_text(), str(path.relative_to(ROOT)))
    assert not offenders, "data run as a template (crispy HTML/Fieldset/button values, Template):\n" + "\n".join(
        offenders
    )


def test_the_template_check_catches_data_in_layouts_and_templates():
    bad = textwrap.dedent(
        """
        from crispy_forms.layout import HTML, Fieldset as FS, Submit
        from django.template import Template, engines

        def layout(question, title):
            return [HTML(f"<p>{question.label}</p>"), FS(question.section, "a"), Template(question.hint)]

        def button(label):
            return Submit("submit", label)

        def form(site):
            return button(site.name), button("Save"), engines["django"].from_string(site.name)
        """
    )
    found = template_data_offenders(bad)
    assert [line.split(":")[1] for line in found] == ["6", "6", "6", "12", "12"], found
    good = textwrap.dedent(
        """
        from crispy_forms.layout import HTML, Fieldset, Submit
        from weasyprint import HTML as PDF

        def layout(paper):
            return [HTML("<p>Fixed.</p>"), Fieldset("The site", "name"), PDF(string=paper),
                    Submit("submit", "Save" if paper else "Send")]
        """
    )
    assert template_data_offenders(good) == []
