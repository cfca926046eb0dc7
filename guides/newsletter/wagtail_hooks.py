"""The newsletter's admin: the subscriber list, for marketers."""

from wagtail import hooks

from .viewsets import SubscriberViewSet


@hooks.register("register_admin_viewset")
def register_subscribers():
    return SubscriberViewSet()
