"""Pages added to the page tree in bulk, for the benchmark's volumes: 50,000 resources in
minutes rather than the half hour that ``add_child`` takes for each page in turn.

``add_children(parent, pages)`` gives each new page the place in the tree that ``add_child``
would: the next ``path`` after the parent's last child, in treebeard's documented materialised-
path format (``Page.steplen`` characters per level from ``Page.alphabet``), the parent's depth
plus one, ``url_path`` from the parent's, the parent's locale; it then writes the ``Page`` rows
with ``bulk_create``, the page model's own rows with one ``executemany`` (Django's
``bulk_create`` refuses a model with a concrete parent), adds the parent's ``numchild``, and
indexes the pages for search with each backend's ``add_bulk`` (as ``update_index`` does). The
pages are live and published now, without revisions, as ``add_child`` leaves them.

No signal is sent: the caller moves the content version once it is done. The tree passes
treebeard's ``find_problems`` and Wagtail's ``fixtree`` afterwards
(tests/portal/test_benchmark_volumes.py).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone


def step(number, alphabet, steplen):
    """``number`` written in ``alphabet``, left-padded to ``steplen`` characters."""
    base = len(alphabet)
    digits = ""
    while number:
        number, digit = divmod(number, base)
        digits = alphabet[digit] + digits
    if len(digits) > steplen:
        raise ValueError(f"a node cannot have more than {base**steplen - 1} children")
    return digits.rjust(steplen, alphabet[0])


def step_number(path, alphabet, steplen):
    """The position the last step of ``path`` encodes."""
    number = 0
    for char in path[-steplen:]:
        number = number * len(alphabet) + alphabet.index(char)
    return number


def insert_own_rows(model, pages):
    """The rows of ``model``'s own table (its fields but its parent's) for ``pages``."""
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (quoted names)
    rows = [
        [field.get_db_prep_save(field.pre_save(page, add=True), connection) for field in fields]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def add_children(parent, pages):
    """Add ``pages`` (unsaved instances of one page model, each with its title and slug) as the
    last children of ``parent``, in one transaction; return them, saved."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backends

    if not pages:
        return pages
    model = type(pages[0])
    if model._meta.get_parent_list() != [Page]:
        raise TypeError(f"{model.__name__} must inherit from Page directly")
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    with transaction.atomic():
        node = Page.objects.select_for_update().get(pk=parent.pk)
        last = node.get_last_child()
        first = step_number(last.path, Page.alphabet, Page.steplen) + 1 if last else 1
        for number, page in enumerate(pages, start=first):
            page.path = node.path + step(number, Page.alphabet, Page.steplen)
            page.depth = node.depth + 1
            page.numchild = 0
            page.url_path = f"{node.url_path}{page.slug}/"
            page.content_type = content_type
            page.locale_id = node.locale_id
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = now
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        rows = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages],
            batch_size=1000,
        )
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
        insert_own_rows(model, pages)
        Page.objects.filter(pk=node.pk).update(numchild=F("numchild") + len(pages))
        for backend in get_search_backends():
            backend.add_bulk(model, pages)
    parent.numchild = node.numchild + len(pages)  # as ``add_child`` keeps the parent it is given
    return pages
