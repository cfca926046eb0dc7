"""Stock-take CSV import: upload → preview of differences → all-or-nothing apply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shop.catalogue.models import ProductVariant
from shop.inventory import services
from shop.inventory.models import StockLevel, StockMovement
from tests.factories import ProductPageFactory

from .conftest import assert_refused

pytestmark = pytest.mark.django_db


def csv_file(text, name="count.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(client, text, reference="Count 1"):
    return client.post(
        reverse("stock:stocktake"),
        {"file": csv_file(text), "reference": reference, "note": ""},
    )


def on_hand(sku):
    return StockLevel.objects.get(variant__sku=sku).on_hand


def test_preview_shows_differences_then_apply_writes_corrections(
    role_client, variant, other_variant
):
    client = role_client("stock")
    response = upload(client, "sku,counted\nMAT-BLUE,7\nROLL-45,3\n")
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url).text
    # Nothing applied yet; the preview lists the one SKU that differs.
    assert on_hand("MAT-BLUE") == 10 and not StockMovement.objects.exists()
    assert "MAT-BLUE" in preview and "-3" in preview
    assert "1 differs" in preview and "1 matches" in preview
    applied = client.post(preview_url, follow=True)
    assert applied.status_code == 200
    assert "Stock-take applied: 1 correction written, 1 SKU unchanged." in applied.text
    assert on_hand("MAT-BLUE") == 7 and on_hand("ROLL-45") == 3
    row = StockMovement.objects.get()
    assert (row.reason, row.delta_on_hand, row.reference, row.user) == (
        "correction",
        -3,
        "Count 1",
        client.user,
    )
    # The pending stock-take is used up: applying twice does nothing more.
    again = client.post(preview_url)
    assert again.status_code == 302 and again["Location"] == reverse("stock:stocktake")
    assert StockMovement.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sku,counted\nNOPE-9,4\n", "unknown SKU “NOPE-9”"),
        ("sku,counted\nMAT-BLUE,four\n", "“four” is not a whole number"),
        ("sku,counted\nMAT-BLUE,-1\n", "cannot be negative"),
        ("sku,counted\nMAT-BLUE,2.5\n", "not a whole number"),
        ("sku,counted\nMAT-BLUE,²\n", "“²” is not a whole number"),
        ("sku,counted\nMAT-BLUE,١٢\n", "not a whole number"),
        ("sku,counted\nMAT-BLUE,1_000\n", "not a whole number"),
        ("sku,counted\nMAT-BLUE," + "9" * 30 + "\n", "not a whole number"),
        ("sku,counted\nMAT-BLUE,2\nMAT-BLUE,3\n", "already counted on line 2"),
        ("product,amount\nMAT-BLUE,2\n", "must name a sku column"),
        ("", "file is empty"),
        ("sku,counted\n", "no rows"),
        ("sku,counted\nMAT-BLUE\n", "missing a column"),
    ],
)
def test_bad_files_list_every_problem_and_change_nothing(
    role_client, variant, text, message
):
    response = upload(role_client("stock"), text)
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was changed" in response.text
    assert on_hand("MAT-BLUE") == 10 and not StockMovement.objects.exists()


def test_one_bad_row_among_good_ones_rejects_the_whole_file(
    role_client, variant, other_variant
):
    response = upload(
        role_client("stock"), "sku,counted\nMAT-BLUE,1\nROLL-45,x\nGHOST,2\n"
    )
    assert (
        "Line 3 (ROLL-45)" in response.text and "Line 4: unknown SKU" in response.text
    )
    assert on_hand("MAT-BLUE") == 10 and not StockMovement.objects.exists()


def test_binary_file_is_refused_clearly(role_client, variant):
    response = role_client("stock").post(
        reverse("stock:stocktake"),
        {
            "file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81binary"),
            "reference": "R",
        },
    )
    assert "not UTF-8" in response.text


def test_semicolon_csv_with_bom_is_understood(role_client, variant):
    client = role_client("stock")
    response = upload(client, "\ufeffSKU;Counted\nMAT-BLUE;12\n")
    assert response.status_code == 302
    client.post(response["Location"])
    assert on_hand("MAT-BLUE") == 12


def test_count_below_reserved_blocks_the_whole_apply(
    role_client, variant, other_variant
):
    services.reserve(lines={other_variant.pk: 2}, reference="ORDER-7")
    client = role_client("stock")
    preview_url = upload(client, "sku,counted\nMAT-BLUE,4\nROLL-45,1\n")["Location"]
    preview = client.get(preview_url).text
    assert "cannot be applied" in preview and "2 units are reserved" in preview
    client.post(preview_url)
    assert on_hand("MAT-BLUE") == 10 and on_hand("ROLL-45") == 3
    assert not StockMovement.objects.filter(reason="correction").exists()


def test_stock_that_moved_after_the_preview_is_not_overwritten(role_client, variant):
    client = role_client("stock")
    preview_url = upload(client, "sku,counted\nMAT-BLUE,4\n")["Location"]
    services.receive(lines={variant.pk: 5}, reference="DN-late")
    response = client.post(preview_url, follow=True)
    assert "Stock changed since the preview" in response.text
    assert on_hand("MAT-BLUE") == 15
    assert not StockMovement.objects.filter(reason="correction").exists()


def test_marketer_cannot_upload_or_apply(role_client, variant):
    stock_client = role_client("stock")
    preview_url = upload(stock_client, "sku,counted\nMAT-BLUE,4\n")["Location"]
    marketer = role_client("marketer")
    assert_refused(upload(marketer, "sku,counted\nMAT-BLUE,4\n"))
    assert_refused(marketer.post(preview_url))
    assert on_hand("MAT-BLUE") == 10


def make_variants(count):
    product = ProductPageFactory()
    ProductVariant.objects.bulk_create(
        ProductVariant(product=product, sku=f"BULK-{i:05d}", name="Bulk", price=5)
        for i in range(count)
    )
    ids = list(
        ProductVariant.objects.filter(product=product).values_list("pk", flat=True)
    )
    StockLevel.objects.bulk_create(StockLevel(variant_id=pk, on_hand=10) for pk in ids)
    return ids


def test_ten_thousand_row_stocktake_completes(role_client, settings):
    # Correctness at the size the form allows; speed is for bench/, not here.
    make_variants(10_000)
    rows = "\n".join(f"BULK-{i:05d},{10 if i % 2 else 11}" for i in range(10_000))
    client = role_client("stock")
    response = upload(client, "sku,counted\n" + rows + "\n")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "5000 differ" in preview.text
    assert client.post(response["Location"]).status_code == 302
    assert StockMovement.objects.filter(reason="correction").count() == 5_000
    assert StockLevel.objects.filter(on_hand=11).count() == 5_000


def test_more_rows_than_the_limit_error_clearly(role_client, variant):
    from shop.inventory.forms import STOCKTAKE_MAX_ROWS

    rows = "\n".join(f"X-{i},1" for i in range(STOCKTAKE_MAX_ROWS + 1))
    response = upload(role_client("stock"), "sku,counted\n" + rows)
    assert "split the file" in response.text
    assert not StockMovement.objects.exists()
