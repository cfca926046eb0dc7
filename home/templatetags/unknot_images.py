"""Wagtail's image tags, with each tag's filters parsed once instead of on every render.

Wagtail's `{% image %}`, `{% srcset_image %}` and `{% picture %}` nodes build new
`Filter` objects every time they render, and each new `Filter` parses its spec again
(`inspect.getcallargs` per operation) before it can look a rendition up. A product
card's `{% picture %}` has six specs; a guide page renders about twenty images, so
that parsing was 7–10 % of an uncached guide page. A template's nodes live as long as
the cached template loader keeps the template, and a node's specs never change, so
its filters can be built once.

`{% image %}` also looks its one rendition up the way the other two tags do
(`Image.get_renditions`): Wagtail's single-rendition lookup writes the rendition back
to the rendition cache every time, even when the page had prefetched it, which cost
a Redis round trip per picture (five on a product page).

Site templates `{% load unknot_images %}` instead of `wagtailimages_tags` and write
the same tags. Everything else is Wagtail's: the tag syntax, its errors, rendition
lookup and the HTML. (Wagtail's admin keeps Wagtail's own library.)
"""

from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

register = wagtail_tags.register.__class__()
register.filters.update(wagtail_tags.register.filters)
register.tags.update(wagtail_tags.register.tags)


class _FiltersOnce:
    """Keep the first `get_filter()` / `get_filters()` result on the node."""

    def get_filter(self):
        try:
            return self._filter
        except AttributeError:
            self._filter = super().get_filter()
            return self._filter

    def get_filters(self):
        try:
            return self._filters
        except AttributeError:
            self._filters = super().get_filters()
            return self._filters


class ImageNode(_FiltersOnce, wagtail_tags.ImageNode):
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        image_filter = self.get_filter()
        rendition = get_renditions_or_not_found(image, [image_filter])[
            image_filter.spec
        ]
        if self.output_var_name:
            context[self.output_var_name] = rendition
            return ""
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return rendition.img_tag(attrs)


class SrcsetImageNode(_FiltersOnce, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(_FiltersOnce, wagtail_tags.PictureNode):
    pass


_NODES = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def image(parser, token):
    """Wagtail's parser (same syntax and errors), returning the node that keeps its
    filters."""
    node = wagtail_tags.image(parser, token)
    node.__class__ = _NODES[type(node)]
    return node


@register.filter
def picture_key(image) -> str:
    """Everything an image tag's output depends on, for a fragment cache key
    (`{% cache ... image|picture_key %}`): the image, its file, size and focal point.

    Wagtail removes an image's renditions only when its file changes, and a
    rendition's address depends only on the file, the focal point and the filter, so
    each of those gives a new key and a kept fragment never points at a rendition
    that is gone (renditions deleted by hand are made again at the same addresses:
    see the README). The key needs no rendition rows, so a page whose cards are
    kept loads none for them; a card rendered afresh looks its renditions up
    through Wagtail's rendition cache.
    """
    if not image:
        return ""
    focal = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    size = f"{image.width}x{image.height}"
    return f"{image.pk}:{image.file.name}:{size}:{focal}"


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
