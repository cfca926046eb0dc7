from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """The newsletter and its free guide (a PDF made from a page marketers edit),
    joined by double opt-in (home/double_opt_in.py)."""

    name = "guides.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        # The footer's sign-up box comes through the site shell's extension point,
        # so home never names this app.
        from home.extensions import register_footer_section

        register_footer_section("newsletter/includes/footer_signup.html")
