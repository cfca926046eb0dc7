"""`make run` for a newcomer: quiet, with progress, and a clear ending."""

import socket
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from config.management.commands.runserver import welcome_block
from home.site_setup import ensure_site_tree
from tests.test_demo_site import AS_IN_DEVELOPMENT

ROOT = Path(__file__).resolve().parents[2]


def make_port_free(port: int) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed command
        ["make", "--no-print-directory", "port-free", f"HOST_PORT=127.0.0.1:{port}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_make_run_stops_at_once_when_the_port_is_taken():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        taken = make_port_free(port)

    assert taken.returncode != 0
    assert f"Port 127.0.0.1:{port} is already in use" in taken.stdout
    assert "make run HOST_PORT=" in taken.stdout
    assert make_port_free(port).returncode == 0


def test_the_closing_block_says_where_to_go_and_how_to_log_in_and_pay():
    block = welcome_block("http://127.0.0.1:8000/")

    assert "http://127.0.0.1:8000/" in block
    assert "http://127.0.0.1:8000/admin/   admin / unknot-admin" in block
    assert "marketer, stock, manager" in block and "unknot-demo" in block
    assert "press Pay" in block
    assert "account/login/   jana.demo@example.com / unknot-shopper" in block
    assert "type it in the cart" in block
    assert len(block.splitlines()) <= 14


@pytest.mark.django_db(transaction=True)
def test_load_demo_keeps_the_demo_emails_out_of_the_console(capsys):
    """Committed for real, as in `make run`: the orders' e-mails go out on commit.

    As in development: console e-mail, and the local test provider that pays the
    three demo orders (see tests/test_demo_site.py).
    """
    ensure_site_tree()  # the flush of transactional tests removed the migrations' tree
    out = StringIO()
    console = "django.core.mail.backends.console.EmailBackend"

    with AS_IN_DEVELOPMENT, override_settings(EMAIL_BACKEND=console):
        call_command("load_demo", "--progress", stdout=out)

    printed = capsys.readouterr().out + out.getvalue()
    assert "Subject:" not in printed and "Content-Type" not in printed
    assert "Demo site ready (3 demo order e-mails kept out of the console)." in printed
    # One progress bar, not a line per item.
    assert "created category" not in printed
