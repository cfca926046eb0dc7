"""`.env` is read by the entry points, never overrides the environment, and never
reaches the test suite."""

import os

from config.env_file import IGNORE_VARIABLE, load_env_file


def write_env(tmp_path, text: str):
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_the_file_fills_in_what_the_environment_does_not_set(tmp_path, monkeypatch):
    monkeypatch.delenv(IGNORE_VARIABLE)
    monkeypatch.delenv("UNKNOT_TEST_FROM_FILE", raising=False)  # restored afterwards
    monkeypatch.setenv("UNKNOT_TEST_ALREADY_SET", "from the environment")
    path = write_env(
        tmp_path,
        "# a comment\n"
        "UNKNOT_TEST_FROM_FILE=from the file\n"
        "UNKNOT_TEST_ALREADY_SET=from the file\n",
    )

    assert load_env_file(path) is True

    assert os.environ["UNKNOT_TEST_FROM_FILE"] == "from the file"
    assert os.environ["UNKNOT_TEST_ALREADY_SET"] == "from the environment"


def test_a_missing_file_is_fine(tmp_path, monkeypatch):
    monkeypatch.delenv(IGNORE_VARIABLE)
    assert load_env_file(tmp_path / ".env") is False


def test_the_suite_never_reads_a_developers_env_file(tmp_path, monkeypatch):
    monkeypatch.delenv("UNKNOT_TEST_FROM_FILE", raising=False)
    path = write_env(tmp_path, "UNKNOT_TEST_FROM_FILE=from the file\n")

    assert os.environ[IGNORE_VARIABLE]  # set by tests/conftest.py for every test
    assert load_env_file(path) is False
    assert "UNKNOT_TEST_FROM_FILE" not in os.environ
