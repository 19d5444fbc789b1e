"""The MNR self-assessment journey (issue 18), in Chromium on the real processes: a country's
contact fills three capabilities, saves, submits, opens the gap report and prints it.

Printing: the report is rendered with the print stylesheet (``emulate_media(media="print")``: the
site's header and the print button are hidden, the gaps are shown) and printed to PDF with
``page.pdf()``; the PDF's text is not extracted (Chromium embeds subset fonts whose text needs a
PDF library the project does not have), its pages are counted.
"""

import re

from django.utils import timezone
from playwright.sync_api import expect

from members.factories import MemberContactFactory, MemberOrganisationFactory, build_assessment
from members.models import Assessment
from portal.factories import UserFactory
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from tests.pages import MEMBER_EMAIL

from .helpers import sign_in


def test_a_country_fills_three_capabilities_submits_and_prints_its_gap_report(
    journey, live_portal, home_page
):
    page, portal = journey, live_portal
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title="Setting up a national committee", capabilities=[1])
    country = MemberOrganisationFactory(name="Ghana", kind="country", country="GH")
    MemberContactFactory(organisation=country, user=UserFactory(email=MEMBER_EMAIL))
    helper = MemberOrganisationFactory(name="Brazil", kind="country", country="BR")
    build_assessment(helper, 2025, {1: 4, 2: 4}, publication="levels", contactable=True)
    year = timezone.localdate().year

    sign_in(page, portal)
    page.goto(portal("/dashboard/"))
    page.get_by_role("link", name="All your assessments").click()
    page.get_by_role("button", name=f"Start the {year} assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ghana: MNR self-assessment {year}")

    page.select_option("#id_c1-level", label="Developing")
    page.fill("#id_c1-evidence", "A committee was set up by decree in 2024.")
    page.select_option("#id_c1-priority", label="High")
    page.select_option("#id_c2-level", label="Building the foundations")
    page.select_option("#id_c2-priority", label="Medium")
    page.select_option("#id_c3-level", label="Mature and sustained")
    page.fill("#id_c3-responsible_bodies", "Ministry of Justice")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages, [role=status], .alert").first).to_contain_text(
        "3 capabilities changed"
    )
    assert Assessment.objects.get(member=country).status == "draft"

    page.get_by_role("button", name="Save and submit (locks the assessment)").click()
    expect(page).to_have_url(re.compile(r"/dashboard/assessments/\d+/report/$"))
    assessment = Assessment.objects.get(member=country)
    assert assessment.is_locked

    gaps = page.locator("li.assessment-gap")
    # High, then medium, then the capabilities with no priority; 3 is mature: no gap.
    assert gaps.nth(0).get_attribute("data-capability") == "1"
    assert gaps.nth(1).get_attribute("data-capability") == "2"
    assert "3" not in gaps.evaluate_all("els => els.map(e => e.dataset.capability)")
    expect(gaps.nth(0)).to_contain_text("Setting up a national committee")
    expect(gaps.nth(0).get_by_role("link", name="Brazil")).to_be_visible()
    expect(page.locator("figure.assessment-chart")).to_have_count(6)

    # Printed: the site's header and the print button go, the report stays.
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(gaps.nth(0)).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2
