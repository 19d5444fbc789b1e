"""Opening a page type as the checks do: in a fresh browser context, signed in as a member when
the page type says so (and with the password just confirmed when the page asks for it)."""

from contextlib import contextmanager

from .helpers import confirm_password

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@contextmanager
def page_for(chromium, portal, page_type, member_state, device=DESKTOP):
    """A tab in a new context (an empty HTTP cache), with the member's cookies if signed in."""
    state = member_state if page_type.signed_in else None
    context = chromium.new_context(storage_state=state, locale="en", **device)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        if page_type.reauthenticated:
            confirm_password(page, portal)
            page.goto("about:blank")
        yield page
    finally:
        context.close()


def check_status(response, page_type):
    assert response.status == page_type.status, f"{page_type.id}: {response.status}"
