"""Replace Wagtail's welcome page with the Unknot home page and point the site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    # Wagtail's own migrations leave a placeholder page at depth 2 ("Welcome").
    Page.objects.filter(depth=2, content_type__model="page", url_path="/home/").delete()

    homepage_content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="Unknot",
        draft_title="Unknot",
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        hero_title="Ease the cramp, understand the cause",
        hero_intro=(
            "Plain-spoken guides to muscle cramps and spasms, the relief methods that "
            "work, and the tools that help you use them."
        ),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": homepage, "site_name": "Unknot"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
