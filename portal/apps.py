from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        from portal import admin_labels, cache_receivers

        admin_labels.translate_wagtail_labels()
        cache_receivers.connect()
