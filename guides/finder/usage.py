"""Counting how the finder is used: daily sums per event, nothing per reader.

Counted from a small script on the page (`static/js/finder.js`), not while rendering:
finder pages are served from a shared cache, so the server does not see most views.
The script sends only the page's query string; the server reads it with the same
parser as the page, so it counts what the page showed, never what a client claims.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import engine
from .models import FinderDailyCount

Event = FinderDailyCount.Event


def events_for(state: engine.FinderState, logic: engine.FinderLogic) -> list:
    """(event, key) pairs one view of this state counts as."""
    if state.step == engine.SAFETY and state.is_blank and not state.error:
        return [(Event.START, "")]
    if state.step == engine.CARE and state.care_flag is not None:
        return [(Event.RED_FLAG, state.care_flag.slug)]
    if state.step == engine.RESULT:
        causes = engine.rank_causes(state.answers, logic)
        return [(Event.COMPLETE, "")] + [(Event.CAUSE, c.cause.slug) for c in causes]
    return []


def bump(event: str, key: str = "") -> None:
    """Add one to today's row; an UPDATE first so concurrent bumps never lose one."""
    day = timezone.localdate()
    rows = FinderDailyCount.objects.filter(day=day, event=event, key=key)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            row, created = FinderDailyCount.objects.get_or_create(
                day=day, event=event, key=key, defaults={"count": 1}
            )
            if not created:
                rows.update(count=F("count") + 1)


def count_view(query_string) -> list:
    """Count one view of the finder at this query string (a QueryDict)."""
    logic = engine.FinderLogic()
    events = events_for(engine.parse(query_string, logic), logic)
    for event, key in events:
        bump(event, key)
    return events
