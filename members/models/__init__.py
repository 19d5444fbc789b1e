from .applications import Application, ApplicationContact, ApplicationEvent
from .assessments import (
    MATURE_PHASES,
    TOP_PHASES,
    Assessment,
    AssessmentAnswer,
    AssessmentDocument,
    AssessmentEdit,
    Phase,
    Priority,
)
from .commitments import CommitmentStatement
from .organisations import ContactInvitation, MemberContact, MemberOrganisation, add_years

__all__ = [
    "MATURE_PHASES",
    "TOP_PHASES",
    "Application",
    "ApplicationContact",
    "ApplicationEvent",
    "Assessment",
    "AssessmentAnswer",
    "AssessmentDocument",
    "AssessmentEdit",
    "CommitmentStatement",
    "ContactInvitation",
    "MemberContact",
    "MemberOrganisation",
    "Phase",
    "Priority",
    "add_years",
]
