"""What a person does in the browser, written once for every journey and check."""

import re

from playwright.sync_api import Page, expect

from tests.mfa import totp_code
from tests.pages import MEMBER_EMAIL, MEMBER_PASSWORD


def sign_in(page: Page, portal, email=MEMBER_EMAIL, password=MEMBER_PASSWORD, totp_secret=None):
    """Sign in through the sign-in form, then (for staff, who must have an authenticator app)
    with the code the app would show for ``totp_secret``; the header then offers to sign out."""
    page.goto(portal("/accounts/login/"))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    if totp_secret is not None:
        expect(page).to_have_url(portal("/accounts/2fa/authenticate/"))
        page.get_by_label("Code", exact=True).fill(totp_code(totp_secret, valid_for=8))
        page.locator("main").get_by_role("button", name="Sign in").click()
    expect(signed_in_header(page)).to_be_visible()


def confirm_password(page: Page, portal, password=MEMBER_PASSWORD):
    """allauth's reauthentication: confirm the password before a sensitive page."""
    page.goto(portal("/accounts/reauthenticate/"))
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def signed_in_header(page: Page):
    return page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Sign out"
    )


def message_text(message):
    """The plain-text body of an e-mail as the SMTP sink received it."""
    part = message
    if message.is_multipart():
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def link_in(message, base_url, path_prefix):
    """The first link in ``message`` to ``base_url`` + ``path_prefix``."""
    pattern = re.escape(base_url + path_prefix) + r"[^\s\"'<>]*"
    match = re.search(pattern, message_text(message))
    assert match, f"No link to {path_prefix} in:\n{message_text(message)}"
    return match.group(0)


# --- Keyboard -----------------------------------------------------------------------------------

_FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
        name: el.getAttribute('name') || '',
        id: el.id || '',
        type: el.getAttribute('type') || '',
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length),
    };
}"""


def focused(page: Page):
    """What has the keyboard focus, with the computed style that should make it visible."""
    return page.evaluate(_FOCUS_STYLE)


def assert_focus_visible(info):
    assert info is not None, "Nothing has the focus"
    assert info["visible"], f"The focused element is not displayed: {info}"
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("", "none")
    assert outline or shadow, f"The focused element shows no focus indicator: {info}"


def tab_to(page: Page, matches, max_presses=40):
    """Press Tab until ``matches(focused_info)``; every element on the way must show focus."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        info = focused(page)
        assert_focus_visible(info)
        if matches(info):
            return info
    raise AssertionError(f"Tab never reached the element after {max_presses} presses")
