"""What membership rules raise when they refuse an operation."""


class MembershipError(Exception):
    """A membership rule refused the operation; ``str(error)`` is a message for people."""


class NotAllowed(MembershipError):
    pass
