"""The guides' own taxonomy: contributors (authors, reviewers) and causes.

Body areas, shared with the shop, are `home.models.BodyArea`.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Contributor(index.Indexed, models.Model):
    """A named author or medical reviewer.

    Readers (and search engines) trust health content more when they can see who wrote
    it and which professional checked it; one record is reused across many guides.
    """

    name = models.CharField(max_length=100)
    job_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown next to the name, e.g. 'Physiotherapist (MSc)'.",
    )
    bio = models.TextField(blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("job_title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("job_title"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name

    def as_schema_person(self) -> dict:
        person = {"@type": "Person", "name": self.name}
        if self.job_title:
            person["jobTitle"] = self.job_title
        return person


class Cause(index.Indexed, models.Model):
    """Why a cramp or spasm happens (dehydration, long sitting, nerve compression...).

    Guides say which causes they cover and relief methods say which causes they
    address, so a reader can go from "why" to "what helps". The relief methods that
    help with a cause are the live ReliefMethodPages naming it (`relief_methods`).
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(
        max_length=500, help_text="Two or three plain sentences for readers."
    )
    red_flag_note = models.TextField(
        blank=True,
        max_length=500,
        help_text="When this cause needs a doctor. Shown as a red-flag warning.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("red_flag_note"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def live_relief_methods(self):
        return self.relief_methods.live().public().order_by("title")
