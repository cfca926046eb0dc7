"""Back-in-stock alerts: the offer on sold-out product pages, double opt-in for
the address, one e-mail per waiting shopper when the stock service brings a SKU
back above zero (after commit, once), cancelling, and the count staff see."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import override_settings

from home.double_opt_in import ConfirmationMail, OptInStatus
from shop.alerts import services, tasks
from shop.alerts.models import StockAlert
from shop.inventory import services as stock
from shop.inventory.models import MovementReason
from tests.factories import ProductVariantFactory, stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(committing_client):
    return committing_client


@pytest.fixture
def sold_out():
    return ProductVariantFactory(name="Large")


def ask(client, variant_, email="mara@example.com", **extra):
    variant = variant_
    data = {
        "variant": str(variant.pk),
        "email": email,
        "consent": "on",
        "source": variant.product.url,
        **extra,
    }
    return client.post("/alerts/", data)


def link(message, kind: str) -> str:
    match = re.search(rf"http://testserver(/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def confirmed_alert(client, variant, email="mara@example.com") -> StockAlert:
    ask(client, variant, email)
    message = [m for m in mail.outbox if m.to == [email]][-1]
    client.get(link(message, "confirm"))
    return StockAlert.objects.get(variant=variant, email=email)


def back_in_stock_mails():
    return [m for m in mail.outbox if m.subject.startswith("Back in stock")]


def test_a_sold_out_product_page_offers_the_alert_and_an_available_one_does_not(
    client,
):
    out = ProductVariantFactory()
    available = stocked_variant(5)
    page = client.get(out.product.url)
    assert b"E-mail me when it is back" in page.content
    assert f'name="variant" value="{out.pk}"'.encode() in page.content
    assert page["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in page
    assert b"E-mail me when it is back" not in client.get(available.product.url).content


def test_asking_records_consent_and_mails_a_confirmation_link(client, sold_out):
    response = ask(client, sold_out, email=" Mara@Example.com")
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    alert = StockAlert.objects.get()
    assert alert.email == "mara@example.com"
    assert alert.status == OptInStatus.PENDING
    assert sold_out.product.title in alert.consent_text
    assert alert.source == sold_out.product.url
    (message,) = mail.outbox
    assert "/alerts/confirm/" in message.body
    assert "/alerts/cancel/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "nope"}, b"Enter an e-mail address like"),
        ({"consent": ""}, b"Tick the box to say you agree"),
        ({"variant": "999999"}, b"That product is no longer available"),
        ({"variant": "\u0663"}, b"Enter a whole number"),
        ({"variant": "99999999999999999999999"}, b"less than or equal to"),
        ({"variant": ""}, b"Choose the option you are waiting for"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, sold_out, data, error
):
    response = ask(client, sold_out, **data)
    assert response.status_code == 400
    assert error in response.content
    assert not StockAlert.objects.exists()
    assert not ConfirmationMail.objects.exists()
    assert mail.outbox == []


def test_an_available_variant_needs_no_alert(client):
    variant = stocked_variant(3)
    response = ask(client, variant)
    assert b"It is in stock" in response.content
    assert not StockAlert.objects.exists()
    assert mail.outbox == []


def test_one_confirmation_mail_an_hour_and_its_link_confirms_every_alert_asked(
    client,
):
    roller, ball = ProductVariantFactory(), ProductVariantFactory()
    ask(client, roller)
    with override_settings(OPT_IN_SIGNUPS_PER_IP_PER_HOUR=1000):
        for _ in range(50):
            response = ask(client, ball, email="MARA@example.com")
    assert b"less than an hour ago" in response.content
    assert len(mail.outbox) == 1
    assert StockAlert.objects.count() == 2  # one open alert per address and SKU
    client.get(link(mail.outbox[0], "confirm"))
    assert set(StockAlert.objects.values_list("status", flat=True)) == {"confirmed"}


def test_a_confirmed_alert_is_not_asked_for_twice(client, sold_out):
    confirmed_alert(client, sold_out)
    sent = len(mail.outbox)
    response = ask(client, sold_out)
    assert b"You are on the list" in response.content
    assert len(mail.outbox) == sent
    assert StockAlert.objects.count() == 1


@override_settings(OPT_IN_SIGNUPS_PER_IP_PER_HOUR=2)
def test_too_many_requests_from_one_client_get_429(client, sold_out):
    ask(client, sold_out, email="a@example.com")
    ask(client, sold_out, email="b@example.com")
    response = ask(client, sold_out, email="c@example.com")
    assert response.status_code == 429
    assert not StockAlert.objects.filter(email="c@example.com").exists()


def test_tampered_and_replayed_confirmation_links_change_nothing(client, sold_out):
    ask(client, sold_out)
    good = link(mail.outbox[0], "confirm")
    token = good.split("/")[-2]
    forged = good.replace(token, token[:-3] + "abc")
    assert client.get(forged).status_code == 400
    assert StockAlert.objects.get().status == OptInStatus.PENDING
    client.get(good)
    confirmed_at = StockAlert.objects.get().confirmed_at
    again = client.get(good)
    assert b"Nothing to confirm" in again.content
    assert StockAlert.objects.get().confirmed_at == confirmed_at


def test_a_delivery_mails_each_confirmed_shopper_once_and_closes_the_alert(
    client, sold_out
):
    waiting = confirmed_alert(client, sold_out, "mara@example.com")
    confirmed_alert(client, sold_out, "jo@example.com")
    ask(client, sold_out, "pending@example.com")  # never confirmed
    mail.outbox.clear()
    with django_on_commit():
        stock.receive(lines={sold_out.pk: 5}, reference="DN-1")
    assert sorted(m.to[0] for m in back_in_stock_mails()) == [
        "jo@example.com",
        "mara@example.com",
    ]
    (message,) = [m for m in mail.outbox if m.to == ["mara@example.com"]]
    assert sold_out.product.title in message.subject
    assert f"{sold_out.product.url}?variant={sold_out.pk}" in message.body
    assert "/alerts/cancel/" in message.extra_headers["List-Unsubscribe"]
    waiting.refresh_from_db()
    assert waiting.notified_at is not None
    assert waiting.history[-1]["event"] == "sent"
    assert StockAlert.objects.get(email="pending@example.com").notified_at is None

    # More stock, or sold out and back again: the closed alerts send nothing more.
    with django_on_commit():
        stock.receive(lines={sold_out.pk: 5}, reference="DN-2")
        stock.adjust_stock(
            variant_id=sold_out.pk, delta=-10, reason=MovementReason.DAMAGED
        )
        stock.receive(lines={sold_out.pk: 1}, reference="DN-3")
    assert len(back_in_stock_mails()) == 2


@pytest.mark.parametrize(
    "bring_back",
    [
        lambda v: stock.adjust_stock(
            variant_id=v.pk, delta=2, reason=MovementReason.CORRECTION
        ),
        lambda v: stock.restock(lines={v.pk: 1}, reference="RET-1"),
        lambda v: stock.set_counted_stock(counts={v.pk: 4}, reference="COUNT-1"),
    ],
    ids=["adjusted", "returned", "counted"],
)
def test_every_way_the_stock_service_brings_a_sku_back_sends_the_alert(
    client, sold_out, bring_back
):
    confirmed_alert(client, sold_out)
    with django_on_commit():
        bring_back(sold_out)
    assert len(back_in_stock_mails()) == 1


def test_a_released_reservation_of_the_last_unit_sends_the_alert(client):
    variant = stocked_variant(1)
    stock.reserve(lines={variant.pk: 1}, reference="ORDER-1")
    confirmed_alert(client, variant)
    with django_on_commit():
        stock.release(lines={variant.pk: 1}, reference="ORDER-1")
    assert len(back_in_stock_mails()) == 1


def test_a_rolled_back_delivery_sends_nothing(client, sold_out):
    confirmed_alert(client, sold_out)
    with django_on_commit(), pytest.raises(RuntimeError):
        with transaction.atomic():
            stock.receive(lines={sold_out.pk: 5}, reference="DN-1")
            raise RuntimeError("the rest of the booking failed")
    assert back_in_stock_mails() == []


def test_stock_going_up_while_still_available_sends_nothing(client):
    variant = stocked_variant(0)
    confirmed_alert(client, variant)
    with django_on_commit():
        stock.receive(lines={variant.pk: 1}, reference="DN-1")
        stock.receive(lines={variant.pk: 1}, reference="DN-2")
    assert len(back_in_stock_mails()) == 1


def test_the_cancel_link_closes_the_alert_in_one_click(client, sold_out):
    alert = confirmed_alert(client, sold_out)
    response = client.get(link(mail.outbox[0], "cancel"))
    assert b"Alert cancelled" in response.content
    alert.refresh_from_db()
    assert alert.status == OptInStatus.WITHDRAWN
    assert alert.withdrawn_at is not None
    with django_on_commit():
        stock.receive(lines={sold_out.pk: 5}, reference="DN-1")
    assert back_in_stock_mails() == []
    # Asking again later opens a new alert.
    from home.double_opt_in import ConfirmationMail as Throttle

    Throttle.objects.all().delete()
    stock.adjust_stock(variant_id=sold_out.pk, delta=-5, reason=MovementReason.DAMAGED)
    ask(client, sold_out)
    assert StockAlert.objects.filter(status=OptInStatus.PENDING).count() == 1


def test_confirming_after_the_sku_came_back_sends_the_alert_at_once(client, sold_out):
    ask(client, sold_out)
    stock.receive(lines={sold_out.pk: 2}, reference="DN-1")
    client.get(link(mail.outbox[0], "confirm"))
    assert len(back_in_stock_mails()) == 1
    assert StockAlert.objects.get().notified_at is not None


def test_a_refused_mail_leaves_the_alert_waiting_and_fails_the_task(
    client, sold_out, monkeypatch
):
    alert = confirmed_alert(client, sold_out)
    stock.receive(lines={sold_out.pk: 1}, reference="DN-1")

    def refuse(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_list_mail", refuse)
    with pytest.raises(tasks.SendingFailed):
        tasks.notify_back_in_stock.call(sold_out.pk)
    alert.refresh_from_db()
    assert alert.notified_at is None
    assert alert.history[-1]["event"] == "sending failed"
    monkeypatch.undo()
    assert tasks.notify_back_in_stock.call(sold_out.pk) == 1
    assert tasks.notify_back_in_stock.call(sold_out.pk) == 0


def test_staff_see_how_many_confirmed_shoppers_wait_per_sku(client):
    roller = ProductVariantFactory(sku="ROL-TEST-1")
    quiet = ProductVariantFactory(sku="BAL-TEST-1")
    for n in range(3):
        confirmed_alert(client, roller, f"s{n}@example.com")
    ask(client, quiet, "pending@example.com")
    from django.contrib.auth.models import Group

    stockist = get_user_model().objects.create_user("stockist", password="pw")
    stockist.groups.add(Group.objects.get(name="Inventory staff"))
    client.force_login(stockist)
    response = client.get("/admin/stock/?ordering=-waiting")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting for it" in html
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)
    roller_row = next(row for row in rows if "ROL-TEST-1" in row)
    quiet_row = next(row for row in rows if "BAL-TEST-1" in row)
    assert re.search(r">\s*3\s*<", roller_row)
    assert re.search(r">\s*0\s*<", quiet_row)
    assert html.index("ROL-TEST-1") < html.index("BAL-TEST-1")


def test_the_inventory_sends_its_signal_without_knowing_alerts():
    """The hook is the inventory's own: a listener sees the variant id once."""
    from shop.inventory.signals import back_in_stock

    heard = []

    def listener(sender, variant_id, **kwargs):
        heard.append(variant_id)

    variant = ProductVariantFactory()
    back_in_stock.connect(listener)
    try:
        with django_on_commit():
            stock.receive(lines={variant.pk: 2}, reference="DN-1")
            stock.receive(lines={variant.pk: 2}, reference="DN-2")
    finally:
        back_in_stock.disconnect(listener)
    assert heard == [variant.pk]


def test_services_refuse_to_send_an_alert_twice(client, sold_out):
    alert = confirmed_alert(client, sold_out)
    assert services.claim_for_sending(alert.pk)
    assert not services.claim_for_sending(alert.pk)


def django_on_commit():
    """Run the on-commit callbacks of what happens inside, as a commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
