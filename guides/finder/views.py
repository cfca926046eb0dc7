"""The finder's public counting endpoint and the admin preview of its ranking."""

import json
from urllib.parse import urlsplit

from django.http import HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import engine
from .usage import count_view

MAX_BODY = 4096


@csrf_exempt  # a counter of sums that stores nothing of the visitor; same-origin
@require_POST
def count(request):
    """`{"query": "<the finder page's query string>"}` → count that view."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.get_host():
        return HttpResponseBadRequest("cross-site")
    if len(request.body) > MAX_BODY:
        return HttpResponseBadRequest("too large")
    try:
        query = str(json.loads(request.body or b"{}").get("query", ""))
    except (ValueError, AttributeError):
        return HttpResponseBadRequest("bad request")
    events = count_view(QueryDict(query.lstrip("?")))
    return JsonResponse({"counted": [event for event, _key in events]})


def preview(request):
    """Admin: tick any answers and see the full ranking they produce, with the
    score and every rule that fired, before readers do."""
    logic = engine.FinderLogic()
    state = engine.parse(request.GET, logic)
    causes = engine.rank_causes(state.answers, logic, limit=None)
    engine.attach_guides(causes, logic)
    chosen = state.answers
    questions = [
        {"question": q, "chosen": chosen.get(q.slug, [])} for q in logic.questions
    ]
    return render(
        request,
        "guides/finder/admin/preview.html",
        {
            "questions": questions,
            "causes": causes,
            "shown": engine.MAX_CAUSES,
            "methods": engine.rank_methods(causes),
            "error": state.error,
            "asked": bool(chosen),
        },
    )
