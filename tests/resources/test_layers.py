"""The library's dependency goes one way: the query and listing code imports the models, the
models import none of it, not even inside a function (resources.page_views connects them)."""

import ast
from pathlib import Path

import resources.models

MODELS = Path(resources.models.__file__).parent
# The library's query, listing and view code, and the portal's former home-made ORM.
ABOVE_THE_MODELS = {
    "resources.cards",
    "resources.feeds",
    "resources.filters",
    "resources.i18n",
    "resources.page_context",
    "resources.services",
    "resources.views",
    "portal.queries",
}


IMPORTERS = {"import_module", "import_string", "__import__"}


def called_name(call):
    """``f`` of ``f(…)`` or of ``module.f(…)``."""
    return getattr(call.func, "attr", getattr(call.func, "id", None))


def imported_modules(path):
    """Every module that ``path`` imports, anywhere in it, with relative imports resolved, and
    every name it passes to ``import_module`` or ``import_string``."""
    package = f"resources.models.{path.stem}".rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and called_name(node) in IMPORTERS:
            found.update(arg.value for arg in node.args if isinstance(arg, ast.Constant))
    return found


def test_the_models_import_no_query_or_listing_code():
    paths = sorted(MODELS.glob("*.py"))
    assert [path.name for path in paths] == [
        "__init__.py",
        "mnr_pages.py",
        "news.py",
        "pages.py",
        "snippets.py",
    ]
    for path in paths:
        imported = imported_modules(path)
        above = {
            module
            for module in imported
            if any(module == name or module.startswith(f"{name}.") for name in ABOVE_THE_MODELS)
        }
        assert not above, f"{path.name} imports {sorted(above)}"


def test_the_check_reads_relative_and_late_imports(tmp_path):
    sample = tmp_path / "pages.py"
    sample.write_text(
        "from .. import filters\n"
        "def get_context(self):\n"
        "    from ..services import public\n"
        "    import portal.queries\n"
        "    return import_string('resources.feeds.ResourceFeed')\n"
    )
    imported = imported_modules(sample)
    assert {
        "resources.filters",
        "resources.services",
        "portal.queries",
        "resources.feeds.ResourceFeed",
    } <= imported


def test_the_page_models_reach_their_views_through_page_views():
    from resources.page_views import PageViews, page_views

    for name in PageViews.NAMES:
        assert callable(getattr(page_views, name)), name
    source = {path.name: path.read_text() for path in MODELS.glob("*.py")}
    called = {name for name in PageViews.NAMES if f"page_views.{name}(" in "".join(source.values())}
    assert called == set(PageViews.NAMES)
