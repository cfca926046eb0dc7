"""The project's `.env` file, read by the entry points (manage.py, wsgi, asgi).

Variables already set in the environment win over the file, so a deployment's real
environment (or a one-off `DATABASE_URL=… make run`) is never overridden by a forgotten
`.env`. Settings modules never read the file themselves: only the entry points call
`load_env_file()`, before Django reads any setting.

The test suite sets `UNKNOT_IGNORE_DOTENV` (tests/conftest.py): tests must not depend
on a developer's `.env`, including the `manage.py` processes that some tests start.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"
IGNORE_VARIABLE = "UNKNOT_IGNORE_DOTENV"


def load_env_file(path: Path = ENV_FILE) -> bool:
    """Set the variables of `path` that the environment does not set yet.

    Returns whether a file was read: False when it is missing or ignored."""
    if os.environ.get(IGNORE_VARIABLE):
        return False
    return load_dotenv(path, override=False)
