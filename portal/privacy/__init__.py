"""What the portal holds about a person: each app contributes its part of the export and of the
erasure here, in one small interface, so that a new app (events, newsletters, assessments) adds
its own in one place.

Every installed app may have a ``privacy.py`` module, imported at start-up (like
``wagtail_hooks``), which registers:

- ``@exporter("section", order=…)`` on ``f(user)``: the JSON-able section of the person's
  download (never a secret: no password hash, no MFA seed, no file content);
- ``@deletion_check`` on ``f(user)``: messages for people saying what must happen before the
  account can be deleted (an empty list when nothing stands in the way);
- ``@eraser(order=…)`` on ``f(user)``: removes or anonymises the app's rows about the person. All
  erasers run in one transaction, in ``order``, before the ``User`` row is deleted; files are
  removed once it commits.

``portal.privacy.services`` runs them (``export_data``, ``deletion_blockers``,
``delete_account``); the portal's own sections (the account, its addresses and second factors,
its e-mails and log entries) are in ``portal.privacy.account``.
"""

from dataclasses import dataclass, field


@dataclass
class Registry:
    exporters: list = field(default_factory=list)  # (order, section, function)
    checks: list = field(default_factory=list)
    erasers: list = field(default_factory=list)  # (order, function)

    def sorted_exporters(self):
        return [(section, fn) for _order, section, fn in sorted(self.exporters, key=_by_order)]

    def sorted_erasers(self):
        return [fn for _order, fn in sorted(self.erasers, key=_by_order)]


def _by_order(entry):
    return entry[0]


registry = Registry()


def exporter(section, *, order=50):
    """Register ``f(user)`` as the ``section`` of the person's data download."""

    def register(fn):
        if any(name == section for _order, name, _fn in registry.exporters):
            raise ValueError(f"The export section {section!r} is registered twice.")
        registry.exporters.append((order, section, fn))
        return fn

    return register


def deletion_check(fn):
    """Register ``f(user) -> [message, …]``: what must happen before the account is deleted."""
    registry.checks.append(fn)
    return fn


def eraser(fn=None, *, order=50):
    """Register ``f(user)``, which removes or anonymises what an app keeps about the person."""

    def register(fn):
        registry.erasers.append((order, fn))
        return fn

    return register(fn) if fn is not None else register


def addresses_of(user):
    """Every e-mail address the person uses (the account's and allauth's), in lower case."""
    from allauth.account.models import EmailAddress

    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return {email.casefold() for email in emails if email}


# The portal's own sections register themselves like any app's (imported last: they use the
# functions above).
from . import account  # noqa: E402, F401
