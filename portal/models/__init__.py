from .mail import OutgoingEmail
from .pages import HomePage, StandardPage
from .site_settings import AllianceSettings, NavigationSettings
from .users import User

__all__ = [
    "AllianceSettings",
    "HomePage",
    "NavigationSettings",
    "OutgoingEmail",
    "StandardPage",
    "User",
]
