"""A guide's or method's query count must not grow with what it links to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import GuideReliefMethod, RelatedGuide, ReliefMethodProduct
from tests.factories import ProductCategoryPageFactory

from .factories import (
    GuidePageFactory,
    ReliefMethodPageFactory,
    paragraph,
    stocked_product,
)

# Generous enough for templates to evolve, far below one query per linked item.
MAX_QUERIES = 60


def count_queries(client, url: str) -> int:
    client.get(url)  # first render creates image renditions; measure the next one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def guide_linking(n: int):
    """A guide with n products in a grid and n in card blocks, a method with n
    products (shown in a method block and in 'Shop this guide'), and n related
    guides."""
    category = ProductCategoryPageFactory()
    grid = [stocked_product(parent=category) for _ in range(n)]
    method = ReliefMethodPageFactory()
    for order, product in enumerate(stocked_product(parent=category) for _ in range(n)):
        ReliefMethodProduct.objects.create(
            page=method, product=product, note="fits", sort_order=order
        )
    guide = GuidePageFactory(
        body=[
            paragraph(),
            {
                "type": "product_grid",
                "value": {"heading": "Kit", "products": [p.pk for p in grid]},
            },
            *(
                {"type": "product", "value": {"product": p.pk, "note": "good"}}
                for p in grid
            ),
            {
                "type": "relief_method",
                "value": {"method": method.pk, "product_count": 6},
            },
            {
                "type": "related_reading",
                "value": {"heading": "More", "pages": [method.pk]},
            },
        ]
    )
    GuideReliefMethod.objects.create(page=guide, method=method, sort_order=0)
    for order in range(n):
        RelatedGuide.objects.create(
            page=guide, guide=GuidePageFactory(), sort_order=order
        )
    return guide


def method_linking(n: int):
    category = ProductCategoryPageFactory()
    method = ReliefMethodPageFactory()
    for order in range(n):
        ReliefMethodProduct.objects.create(
            page=method,
            product=stocked_product(parent=category),
            note="fits",
            sort_order=order,
        )
    return method


@pytest.mark.django_db
def test_guide_page_query_count_is_the_same_for_3_and_30_linked_items(client):
    small = count_queries(client, guide_linking(3).url)
    large = count_queries(client, guide_linking(30).url)
    print(f"guide page queries: 3 linked -> {small}, 30 linked -> {large}")
    assert small == large
    assert large <= MAX_QUERIES


@pytest.mark.django_db
def test_relief_method_query_count_is_the_same_for_3_and_30_products(client):
    small = count_queries(client, method_linking(3).url)
    large = count_queries(client, method_linking(30).url)
    print(f"relief method queries: 3 products -> {small}, 30 products -> {large}")
    assert small == large
    assert large <= MAX_QUERIES
