from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "home.views.connection.cursor", side_effect=DatabaseError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_visitor_state_returns_cart_count_and_consumes_messages(client, rf):
    # Put a message where Django's default storage looks first: the messages cookie.
    storage = CookieStorage(rf.get("/"))
    client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Added to your cart.")]
    )

    first = client.get(reverse("visitor_state"))
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"]
    body = first.json()
    assert body["cart_count"] == 0
    assert body["messages"] == [{"level": "success", "text": "Added to your cart."}]
    assert "csrftoken" in first.cookies
    assert client.get(reverse("visitor_state")).json()["messages"] == []
