"""What each step of the finder shows, from the answers in the query string.

Every step renders as one GET form whose hidden inputs carry the answers of the
other steps, so going back (the browser's or the page's own link) keeps them.
Queries are fixed per step: the result loads its causes' guides, methods and
products in bulk, whatever their number.
"""

from guides.models import ReliefMethodPage
from guides.products import CardProducts, in_stock_first

from . import engine
from .engine import CARE, RESULT, SAFETY, FinderLogic, FinderState

MAX_PRODUCTS = 6
STEP_TITLES = {
    SAFETY: "First, a few safety questions",
    engine.WHERE: "Where does it hurt?",
    engine.WHEN: "When and how does it happen?",
}


def step_context(page, request) -> dict:
    logic = FinderLogic()
    state = engine.parse(request.GET, logic)
    context = {
        "state": state,
        "step_number": engine.STEPS.index(state.step) + 1
        if state.step in engine.STEPS
        else None,
        "step_count": len(engine.STEPS),
    }
    if state.step == CARE:
        context["care_flag"] = state.care_flag
        context["back_url"] = page.step_url(state.params(), SAFETY)
    elif state.step == RESULT:
        context.update(result_context(page, request, state, logic))
    else:
        context.update(form_context(page, state, logic))
    return context


def form_context(page, state: FinderState, logic: FinderLogic) -> dict:
    if state.step == SAFETY:
        items = [
            {"flag": flag, "value": state.flags.get(flag.slug, "")}
            for flag in logic.red_flags
        ]
        asked = {flag.param for flag in logic.red_flags}
    else:
        items = [
            {"question": question, "chosen": state.answers.get(question.slug, [])}
            for question in logic.step_questions(state.step)
        ]
        asked = {item["question"].slug for item in items}
    previous = engine.STEPS[engine.STEPS.index(state.step) - 1]
    return {
        "step_title": STEP_TITLES[state.step],
        "items": items,
        "hidden": state.params(leave_out=asked),
        "back_url": None
        if state.step == SAFETY
        else page.step_url(state.params(), previous),
    }


def result_context(page, request, state: FinderState, logic: FinderLogic) -> dict:
    scored = engine.rank_causes(state.answers, logic, limit=None)
    causes = scored[: engine.MAX_CAUSES]
    engine.attach_guides(causes, logic)
    methods = engine.rank_methods(scored)
    method_pages = [item.method for item in methods]
    ReliefMethodPage.prefetch_for_links(method_pages)
    cards = CardProducts()
    links = interleaved_links(method_pages)
    products = in_stock_first(cards.with_notes(links), request)[:MAX_PRODUCTS]
    pairs = state.params()
    return {
        "causes": causes,
        "methods": methods,
        "products": products,
        "card_products": cards,
        "answer_labels": engine.answer_labels(state.answers, logic),
        "change_links": [
            (STEP_TITLES[step], page.step_url(pairs, step))
            for step in engine.STEPS[1:-1]
        ],
    }


def interleaved_links(methods) -> list:
    """Every method's products, taking turns (each method's first, then each one's
    second…), each product once: so every method shown is represented among the
    products, in its editors' order."""
    rows = [method.live_product_links for method in methods]
    links, seen = [], set()
    for turn in range(max((len(row) for row in rows), default=0)):
        for row in rows:
            if turn < len(row) and row[turn].product_id not in seen:
                seen.add(row[turn].product_id)
                links.append(row[turn])
    return links
