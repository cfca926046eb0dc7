from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The shop's staff side: the Shop admin menu and its entries and the admin-home
    low-stock panel. It sits above every other shop app and owns no data."""

    name = "shop.staff"
    label = "staff"
