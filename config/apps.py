from django.apps import AppConfig


class CompositionRootConfig(AppConfig):
    """The composition root: the one app that may know every other app.

    Settings, URLs and the entry points already live in `config`; as an installed app
    it also hosts what wires the apps together, such as the `load_demo` command and
    the demo users and orders that need the shop's checkout and the staff roles. No
    other app imports from `config`, so the layering below it stays intact. It has no
    models.
    """

    name = "config"
    verbose_name = "Unknot (composition root)"
