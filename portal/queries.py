"""Several short lists read with one SQL query.

A page that shows a handful of short lists (a resource's countries, documents, links, related
resources) pays one query for each when its template calls ``.all()`` on them, and
``prefetch_related`` pays the same. ``fetch_lists`` reads them all with one ``UNION ALL`` of JSON
rows, on PostgreSQL and SQLite alike, and gives back model instances as ``.only()`` would: the
named fields are loaded and every other field is deferred (reading one costs a query of its own,
so name each field the template uses).
"""

from collections import defaultdict
from operator import itemgetter

from django.db.models import CharField, Value, Window
from django.db.models.functions import JSONObject, RowNumber


def fetch_lists(**lists):
    """``lists`` maps a name to ``(queryset, fields)``. Returns ``{name: [instance, ...]}`` with
    each list in its queryset's order (its ``order_by`` or its model's ordering, the primary key
    breaking ties), with one query in all.

    ``fields`` names the fields to load besides the primary key, or is ``None`` for all of them.
    A name may go through one foreign key (``"document__title"``): the related object is built
    too, with the fields named through it, and cached on the instance. The querysets may filter
    and order, not slice or aggregate.
    """
    branches = []
    for name, (queryset, fields) in lists.items():
        model = queryset.model
        ordering = [*(queryset.query.order_by or model._meta.ordering), "pk"]
        branches.append(
            queryset.order_by().values_list(
                Value(name, output_field=CharField()),
                Window(RowNumber(), order_by=ordering),
                JSONObject(**{key: key for key in _keys(model, fields)}),
            )
        )
    query = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    rows = defaultdict(list)
    for name, position, data in query:
        rows[name].append((position, data))
    return {
        name: [
            _instance(queryset.model, data)
            for _position, data in sorted(rows[name], key=itemgetter(0))
        ]
        for name, (queryset, _fields) in lists.items()
    }


def _keys(model, fields):
    if fields is None:
        fields = [field.attname for field in model._meta.concrete_fields]
    keys = {"pk"}
    for name in fields:
        keys.add(name)
        relation, _, rest = name.partition("__")
        if rest:  # the foreign key's own column gives the related object's primary key
            keys.add(model._meta.get_field(relation).attname)
    return sorted(keys)


def _instance(model, data):
    own, through = {}, defaultdict(dict)
    for key, value in data.items():
        relation, _, rest = key.partition("__")
        if rest:
            through[relation][rest] = value
        else:
            own[key] = value
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            value = own["pk"]
        elif field.attname in own:
            value = own[field.attname]
        else:
            continue
        names.append(field.attname)
        values.append(None if value is None else field.to_python(value))
    instance = model.from_db(None, names, values)
    for relation, related_data in through.items():
        field = model._meta.get_field(relation)
        pk = getattr(instance, field.attname)
        related = None if pk is None else _instance(field.related_model, {**related_data, "pk": pk})
        field.set_cached_value(instance, related)
    return instance
