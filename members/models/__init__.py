from .applications import Application, ApplicationContact, ApplicationEvent
from .commitments import CommitmentStatement
from .organisations import ContactInvitation, MemberContact, MemberOrganisation, add_years

__all__ = [
    "Application",
    "ApplicationContact",
    "ApplicationEvent",
    "CommitmentStatement",
    "ContactInvitation",
    "MemberContact",
    "MemberOrganisation",
    "add_years",
]
