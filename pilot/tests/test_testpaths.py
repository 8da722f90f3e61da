"""The suite runs every app's tests: an app left out of pytest.ini's testpaths would never be tested in CI."""

import configparser
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_every_project_app_with_tests_is_in_testpaths():
    root = Path(settings.BASE_DIR)
    config = configparser.ConfigParser()
    config.read(root / "pytest.ini")
    listed = set(config["pytest"]["testpaths"].split())
    with_tests = {
        Path(app.path).name
        for app in apps.get_app_configs()
        if Path(app.path).parent == root and (Path(app.path) / "tests").is_dir()
    }
    assert with_tests, "no project app found"
    assert with_tests <= listed, f"apps whose tests never run: {sorted(with_tests - listed)}"
