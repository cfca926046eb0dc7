"""The README, the Makefile and .ci/run tell the same story."""

import re
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


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
