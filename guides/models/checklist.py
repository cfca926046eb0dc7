"""The editor's checklist: what a guide or relief method still lacks to go live.

Drafts may be incomplete, but publishing and "Submit to Guide review" refuse a page
without its trust fields (and a guide with a product above its first red flag). This
panel, at the top of the editor, lists what is missing in the last saved version, so
the editor sees it before pressing the button rather than after.
"""

from wagtail.admin.panels import Panel

from guides.blocks import first_selling_before_red_flag

from .common import missing_for_publishing


def publish_checklist(page) -> list[str]:
    """Sentences naming each thing `page` lacks before it may be published."""
    problems = [
        f"Add the {label}." if not label.startswith("at least") else f"Add {label}."
        for label in missing_for_publishing(page, page.TRUST_FIELDS)
    ]
    body = getattr(page, "body", None)
    index = first_selling_before_red_flag(body) if body is not None else None
    if index is not None:
        problems.append(
            f"Move the red-flag warning above block {index + 1} "
            f"({body[index].block.label}): products must come after it."
        )
    return problems


class PublishChecklistPanel(Panel):
    """Lists `publish_checklist(page)`, or says the page is ready."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "Before you publish or submit")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/publish_checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["problems"] = publish_checklist(self.instance)
            return context
