from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from allauth.account.signals import user_signed_up

        from .destination import remember_destination

        user_signed_up.connect(remember_destination, dispatch_uid="members.remember_destination")

        from portal import content_version

        from .models import MemberOrganisation

        # The home page counts members, and resources name their publisher.
        content_version.register(MemberOrganisation)

        # The public member list in the site-wide search (search.registry).
        from . import searchable

        searchable.register()
        # (Assessments move the version in their services, when what others see changes:
        # submitting, reopening, publishing. A draft's save never does.)

        from resources import mnr_sections

        from . import assessment_pages, dashboard

        dashboard.register(
            "members/includes/dashboard_assessments.html",
            assessment_pages.dashboard_assessments,
            order=30,
        )
        mnr_sections.register(
            "members",
            "members/includes/capability_members.html",
            assessment_pages.capability_members,
            order=20,
        )
