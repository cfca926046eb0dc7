"""`/finder/`: the relief finder page. One URL; the step comes from the answers in
the query string, so every step is a plain GET form, shareable and cacheable."""

from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

# Shared caches (the page cache of issue 19, a CDN) may keep an anonymous answer
# for five minutes; browsers always revalidate.
PUBLIC_CACHE = {"public": True, "max_age": 0, "s_maxage": 300}


class PublicCacheMixin:
    """Mark anonymous GET responses cacheable by shared caches.

    Nothing about the visitor goes into these pages (cart count, messages and CSRF
    tokens come from /visitor.json), so the response does not vary by cookie even
    though base.html's user bar looks at `request.user`, which marks the session
    as read. Logged-in users get a private response.
    """

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.method != "GET":
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
            return response
        patch_cache_control(response, **PUBLIC_CACHE)
        session = getattr(request, "session", None)
        if session is not None and hasattr(response, "add_post_render_callback"):
            # Runs after the template (and its user bar) read the session, before
            # SessionMiddleware decides whether to add "Vary: Cookie".
            response.add_post_render_callback(
                lambda rendered: setattr(session, "accessed", False)
            )
        return response


class FinderPage(PublicCacheMixin, Page):
    """The relief finder: red flags first, then where and when it hurts, then the
    likely causes, what helps and what suits it.

    The questions, red flags and cause rules are snippets (`guides.finder.models`);
    this page holds only its own words. Add-to-carts from its product cards carry
    this page as their source, so "Guides that sell" and the finder report credit it.
    """

    intro = models.TextField(
        max_length=500, help_text="Under the title on the first step."
    )
    not_a_diagnosis = models.TextField(
        max_length=400,
        help_text="Says plainly that the finder is not a diagnosis; on every step.",
    )
    routine_care_heading = models.CharField(max_length=120)
    routine_care_text = models.TextField(
        max_length=800, help_text="Closes every result: when to see a doctor anyway."
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("not_a_diagnosis"),
        MultiFieldPanel(
            [FieldPanel("routine_care_heading"), FieldPanel("routine_care_text")],
            heading="See a doctor if… (end of every result)",
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "relief finder page"

    def get_context(self, request, *args, **kwargs):
        # Imported here: the steps read the snippets, whose module imports this one.
        from .steps import step_context

        context = super().get_context(request, *args, **kwargs)
        context.update(step_context(self, request))
        return context

    def get_template(self, request, *args, **kwargs):
        return "guides/finder/finder_page.html"

    def step_url(self, pairs, step: str = "") -> str:
        query = list(pairs) + ([("step", step)] if step else [])
        return f"{self.url}?{urlencode(query)}" if query else self.url
