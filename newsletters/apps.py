from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from anymail.signals import tracking

        from members import dashboard
        from portal import content_version

        from . import services
        from .dashboard import subscription_section
        from .models import NewsletterIssue, Topic

        # The archive lists sent public issues; the subscribe form lists the topics.
        content_version.register(Topic, NewsletterIssue)
        tracking.connect(services.record_tracking_event, dispatch_uid="newsletters.tracking")
        dashboard.register(
            "newsletters/includes/dashboard_subscription.html", subscription_section, order=30
        )
