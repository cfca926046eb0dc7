"""The relief finder: from where and when it hurts to a product in the cart, with
the keyboard alone; and a red flag that ends on a care card with nothing to buy."""

import re

from playwright.sync_api import expect

from .steps import tab_to, variant_of, wait_for_csrf_token

SKU = "BTH-MAG-1"  # magnesium bath flakes, 1 kg: a warm-bath product


def choose_radio(page, group, label: str) -> None:
    """Tab into a radio group and move with the arrow keys until `label` is checked."""
    wanted = group.get_by_role("radio", name=label, exact=True)
    tab_to(page, group.get_by_role("radio").first)
    for _ in range(group.get_by_role("radio").count()):
        if wanted.is_checked():
            return
        page.keyboard.press("ArrowDown")
    expect(wanted).to_be_checked()


def question(page, legend: str):
    return page.get_by_role("group", name=legend)


def press_next(page, heading: str) -> None:
    tab_to(page, page.get_by_role("button", name="Next"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_calf_cramps_at_night_after_exercise_lead_to_a_product_with_the_keyboard(
    demo_site, live_server, page
):
    from guides.finder.models import FinderPage, RedFlag
    from guides.models import GuidePage
    from shop.cart.models import CartLine

    variant = variant_of(SKU)
    finder = FinderPage.objects.get()

    # The home page hero leads to the finder.
    page.goto(live_server.url + "/")
    tab_to(page, page.get_by_role("link", name="Try the relief finder"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(finder.title)
    expect(page.get_by_text("Not a diagnosis.")).to_be_visible()

    # Step 1: every red flag answered "No", most urgent first.
    for flag in RedFlag.objects.order_by("sort_order"):
        choose_radio(page, question(page, flag.question), "No")
    press_next(page, "Where does it hurt?")

    # Step 2: the calf.
    choose_radio(page, question(page, "Where is the cramp or spasm?"), "Calf")
    press_next(page, "When and how does it happen?")

    # Step 3: at night and after exercise, weekly, for minutes.
    when = question(page, "When does it happen?")
    for label in ("At night or in bed", "During or after exercise"):
        tab_to(page, when.get_by_role("checkbox", name=label))
        page.keyboard.press("Space")
    choose_radio(page, question(page, "How often does it happen?"), "Every week")
    choose_radio(
        page,
        question(page, "How long does one cramp or spasm last?"),
        "Up to a few minutes",
    )
    press_next(page, "Likely causes")

    # The result: night cramps and dehydration ranked first, each with its reason.
    causes = page.locator(".finder__cause")
    night = GuidePage.objects.get(slug="night-leg-cramps").title
    dehydration = GuidePage.objects.get(slug="dehydration-and-electrolytes").title
    expect(causes.nth(0)).to_contain_text(f"Read the guide: {night}")
    expect(causes.nth(1)).to_contain_text(f"Read the guide: {dehydration}")
    expect(causes.nth(0)).to_contain_text("Why this matches your answers:")
    methods = page.get_by_role("region", name="What helps")
    for method in ("Stretching", "Warm bath"):
        expect(methods.get_by_role("link", name=method, exact=True)).to_be_visible()
    expect(page.get_by_role("complementary", name="See a doctor if…")).to_be_visible()

    # "Back" keeps the answers: the calf is still ticked, and Next returns here.
    tab_to(page, page.get_by_role("link", name="Change: where does it hurt?"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name="Calf", exact=True)).to_be_checked()
    press_next(page, "Likely causes")

    # A warm-bath product, into the cart, credited to the finder.
    products = page.get_by_role("region", name="Products that suit these methods")
    tab_to(page, products.get_by_role("link", name=variant.product.title, exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(variant.product.title)
    buy_box = page.locator("form[data-buy-box]")
    wait_for_csrf_token(page, buy_box)
    expect(buy_box.locator("input[name=source_page]")).to_have_value(str(finder.pk))
    tab_to(page, buy_box.get_by_role("radio", name=re.compile(variant.name)))
    page.keyboard.press("Space")
    tab_to(page, buy_box.get_by_role("button", name="Add to cart"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cart")
    expect(page.get_by_role("heading", name=variant.product.title)).to_be_visible()
    line = CartLine.objects.get(variant=variant)
    assert line.source_page_id == finder.pk


def test_one_swollen_calf_ends_on_an_urgent_care_card_with_no_product(
    demo_site, live_server, page
):
    from guides.finder.models import RedFlag

    swollen = RedFlag.objects.get(slug="swollen-calf")
    page.goto(live_server.url + "/finder/")
    for flag in RedFlag.objects.all():
        answer = "Yes" if flag == swollen else "No"
        question(page, flag.question).get_by_role("radio", name=answer).check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(swollen.care_heading)
    expect(page.get_by_text("Urgent: today")).to_be_visible()
    expect(page.get_by_text("blood clot")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("€")
    expect(page.locator(".product-card, form[action*='cart']")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Add to cart"))).to_have_count(0)
    # Changing the answers keeps them: the "Yes" is still there to correct.
    page.get_by_role("link", name="Change my answers to the safety questions").click()
    expect(
        question(page, swollen.question).get_by_role("radio", name="Yes")
    ).to_be_checked()


def test_phones_meet_the_finder_in_a_guide_as_desktops_do(
    demo_site, live_server, new_context
):
    from .conftest import DESKTOP, PHONE

    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport).new_page()
        page.goto(live_server.url + "/guides/neck-spasms-and-pinched-nerves/")
        aside = page.locator(".guide__aside")
        link = aside.get_by_role("link", name="Try the relief finder")
        expect(link).to_be_visible()
        # The methods list repeats the cards below it, so phones skip it.
        methods = aside.locator(".method-list")
        if viewport is PHONE:
            expect(methods).to_be_hidden()
        else:
            expect(methods).to_be_visible()
