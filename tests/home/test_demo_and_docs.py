import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from home.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME

PROJECT = Path(__file__).resolve().parents[2]


def snapshot_counts():
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_demo_command_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    first = snapshot_counts()
    call_command("load_demo", stdout=StringIO())
    assert snapshot_counts() == first


@pytest.mark.django_db
def test_demo_admin_can_log_in_with_the_readme_credentials(client):
    call_command("load_demo", stdout=StringIO())
    assert client.login(username=DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200
    readme = (PROJECT / "README.md").read_text()
    assert DEMO_ADMIN_USERNAME in readme and DEMO_ADMIN_PASSWORD in readme


def test_readme_commands_are_makefile_targets():
    readme = (PROJECT / "README.md").read_text()
    makefile_targets = set(
        re.findall(r"^([a-z-]+):", (PROJECT / "Makefile").read_text(), re.MULTILINE)
    )
    readme_targets = set(re.findall(r"\bmake ([a-z][a-z-]*)", readme))
    assert {"run", "test"} <= readme_targets
    assert readme.index("make run") < 600 and readme.index("make test") < 600
    assert readme_targets <= makefile_targets, readme_targets - makefile_targets


def test_make_help_lists_every_target():
    makefile = (PROJECT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    output = subprocess.run(  # noqa: S603 - fixed command
        ["make", "--no-print-directory", "help"],  # noqa: S607
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = set(re.findall(r"make ([a-z-]+)", output))
    assert targets == listed


def test_ci_script_runs_make_test_then_postgresql():
    script = (PROJECT / ".ci" / "run").read_text()
    assert script.index("make test") < script.index("DATABASE_URL=postgres://")
