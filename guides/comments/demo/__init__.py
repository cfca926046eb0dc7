"""Demo reader comments: answered questions on the demo guides and methods, and one
question waiting in the moderation queue (`data/comments.yaml`).

Idempotent like the other demo steps: a comment is found by its page and e-mail
address, and only what is missing is created. Runs after the guides' step.
"""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from wagtail.models import Page

from guides.comments.models import Comment
from guides.comments.site_setup import ensure_marketers_moderate_comments
from guides.models import Contributor
from home.demo import data_files

DATA = Path(__file__).resolve().parent / "data" / "comments.yaml"


def load(stdout) -> None:
    ensure_marketers_moderate_comments()
    contributors = {person.name: person for person in Contributor.objects.all()}
    created = 0
    for spec in data_files.read_yaml(DATA):
        page = Page.objects.filter(slug=spec["page"]).first()
        if (
            page is None
            or Comment.objects.filter(page=page, email=spec["email"]).exists()
        ):
            continue
        sent = timezone.now() - timedelta(days=spec["days_ago"])
        reply_by = contributors.get(spec.get("reply_by", ""))
        Comment.objects.create(
            page=page,
            name=spec["name"],
            email=spec["email"],
            text=" ".join(spec["text"].split()),
            status=spec["status"],
            created_at=sent,
            consented_at=sent,
            moderated_at=sent + timedelta(hours=3)
            if spec["status"] != "pending"
            else None,
            reply_text=" ".join(spec.get("reply", "").split()),
            reply_by=reply_by,
            replied_at=sent + timedelta(hours=3) if reply_by else None,
        )
        created += 1
    stdout.write(f"Reader comments: {created} added.")
