import pytest

from portal.factories import StandardPageFactory


@pytest.fixture
def about(home_page):
    """A standard page at /about/."""
    return StandardPageFactory(parent=home_page, title="About the alliance", slug="about")
