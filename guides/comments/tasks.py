"""The "your question was answered" e-mail, sent off the request after the commit.

Idempotent: `emails.send_answer_email` claims the send on the comment first, so a
retry or a second worker never mails twice. A failed send is tried again later
where the task backend can defer, like the shop's e-mails.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from . import emails

logger = logging.getLogger(__name__)

RETRY_DELAYS = (30, 120, 600, 3600)


def enqueue_on_commit(work: Task, *args) -> None:
    transaction.on_commit(lambda: work.enqueue(*args))


@task()
def send_answer_email(comment_id: int, attempt: int = 0) -> bool:
    try:
        return emails.send_answer_email(comment_id)
    except Exception:
        backend = send_answer_email.get_backend()
        if not backend.supports_defer or attempt >= len(RETRY_DELAYS):
            raise
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt])
        send_answer_email.using(run_after=run_after).enqueue(
            comment_id, attempt=attempt + 1
        )
        logger.warning("Answer e-mail for comment %s failed; trying again", comment_id)
        return False
