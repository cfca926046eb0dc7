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

from home.prefetch import prefetch_renditions

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
    (`{% cache ... image|picture_key %}`): the file, its size and focal point, and
    the renditions made so far. A rendition made on the request, a replaced file or
    a moved focal point gives a new key, so a cached fragment never points at a
    rendition that is gone. Renditions not prefetched are fetched here, once; the
    image tags inside the fragment then read them."""
    if not image:
        return ""
    prefetch_renditions([image])  # nothing to do when the page prefetched them
    made = image._prefetched_objects_cache["renditions"]
    renditions = sorted(str(rendition.file) for rendition in made)
    focal = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    size = f"{image.width}x{image.height}"
    return f"{image.pk}:{image.file.name}:{size}:{focal}:{renditions}"


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
