"""The safety rules of a guide's body: red flags come before anything that sells.

A reader must meet "see a doctor if…" before the heat pack. Rather than trusting
editors to remember, the guide body's stream block refuses, on every save, a product
card, product grid or relief-method link that shows products above the first
red-flag warning, and (when the page is published or submitted for review, not
for drafts) a body without any red flag at all.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError

RED_FLAG = "red_flag"


def sells(block_type: str, value) -> bool:
    """True for a body block that shows products with an add-to-cart button."""
    if block_type in ("product", "product_grid"):
        return True
    if block_type == "relief_method":
        return bool(value.get("product_count"))
    return False


def first_selling_before_red_flag(stream) -> int | None:
    """Index of the first selling block that comes before any red flag, or None."""
    for index, child in enumerate(stream):
        if child.block_type == RED_FLAG:
            return None
        if sells(child.block_type, child.value):
            return index
    return None


def check_red_flags_first(stream_block: blocks.StreamBlock, value):
    """Raise a block-level error on the selling block that precedes the red flags."""
    index = first_selling_before_red_flag(value)
    if index is None:
        return
    label = stream_block.child_blocks[value[index].block_type].label
    raise StreamBlockValidationError(
        block_errors={
            index: ValidationError(
                f"This {label.lower()} shows products before the first red-flag "
                "warning. Move a red-flag warning above it: readers must see when "
                "to get help before anything that sells."
            )
        }
    )
