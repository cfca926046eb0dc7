from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The shop's staff side: the Shop admin menu and its entries, the admin-home
    low-stock panel, the staff roles and the low-stock e-mail. It sits above every
    other shop app and owns no data."""

    name = "shop.staff"
    label = "staff"

    def ready(self):
        # Imported in ready(): models (and modules using them) load only once the
        # app registry is ready.
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles_after_migrate

        post_migrate.connect(
            ensure_roles_after_migrate, sender=self, dispatch_uid="staff-roles"
        )
