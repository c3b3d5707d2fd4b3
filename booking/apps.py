from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Personal reception")

    def ready(self):
        # Imported once the app registry is ready: the receivers name the models.
        from booking import receivers

        receivers.connect()
