from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from shop.accounts.urls import account_urlpatterns

# A database outage outside a view gets the designed 503 (home/outage.py).
handler500 = "home.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("visitor.json", home_views.visitor_state, name="visitor_state"),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("shop.cart.urls")),
    path("", include("shop.checkout.urls")),
    path("", include("shop.orders.urls")),
    path("account/", include(account_urlpatterns)),
    path("", include("shop.attribution.urls")),
    path("", include("shop.reviews.urls")),
    path("", include("shop.alerts.urls")),
    path("", include("guides.finder.urls")),
    path("", include("guides.newsletter.urls")),
    path("", include("guides.comments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must stay last.
urlpatterns += [path("", include(wagtail_urls))]
