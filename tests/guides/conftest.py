import pytest

from .factories import guide_index, relief_index


@pytest.fixture
def guides_index(db):
    return guide_index()


@pytest.fixture
def methods_index(db):
    return relief_index()
