"""axe-core on every page type (tests/pages.py), signed out and signed in: no violation of impact
"serious" or "critical". The full axe results go to test-artifacts/axe/."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.pages import HTML_PAGE_TYPES

from .checks import check_status, page_for
from .conftest import ARTIFACTS

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violation):
    nodes = "\n".join(
        f"      {' '.join(node['target'])}: {node.get('failureSummary', '')}"
        for node in violation["nodes"][:5]
    )
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}"


@pytest.mark.parametrize("page_type", HTML_PAGE_TYPES, ids=lambda p: p.id)
def test_page_type_has_no_serious_accessibility_violation(
    chromium, checked_portal, shared_content, member_state, page_type, axe
):
    with page_for(chromium, checked_portal, page_type, member_state) as page:
        check_status(page.goto(checked_portal(page_type.path(shared_content))), page_type)

        results = axe.run(page)

    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "-", page_type.id).strip("-").lower()
    (folder / f"{name}.json").write_text(json.dumps(results.response, indent=1))
    assert results.response["passes"], "axe did not run its rules"
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{page_type.id}:\n" + "\n".join(map(describe, blocking))
