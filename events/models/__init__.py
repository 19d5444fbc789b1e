from .pages import EventIndexPage, EventPage, EventSession, RegistrationQuestion
from .registrations import CheckIn, EventMessage, InvitationCode, Registration
from .snippets import Speaker

__all__ = [
    "CheckIn",
    "EventIndexPage",
    "EventMessage",
    "EventPage",
    "EventSession",
    "InvitationCode",
    "Registration",
    "RegistrationQuestion",
    "Speaker",
]
