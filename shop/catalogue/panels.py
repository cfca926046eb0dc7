"""Admin panels for product pages."""

from wagtail.admin.panels import Panel

from shop.inventory.states import site_low_stock_threshold as low_stock_threshold_for


class VariantsPanel(Panel):
    """A read-only table of a product's variants inside the page editor.

    Variants are edited in their own admin listing, not in the page form, so they never
    enter page revisions: reverting a page cannot change a price or a stock figure.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "shop/catalogue/admin/variants_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            variants = []
            if page is not None and page.pk:
                threshold = low_stock_threshold_for(self.request)
                variants = [
                    (variant, variant.stock_state(threshold))
                    for variant in page.variants.select_related("stock")
                ]
            context["page"] = page
            context["variants"] = variants
            return context
