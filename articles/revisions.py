"""What changed between two revisions of an article, for editors comparing them."""

import datetime
import difflib

from django.utils import formats, timezone

from articles.models import Article

# How editors read a moment everywhere in the admin: in the site's time zone (TIME_ZONE).
TIME_FORMAT = "j M Y, H:i"


def local_time(moment):
    """A moment in the site's time zone, as the `localtime` and `date` template filters show it."""
    return formats.date_format(timezone.localtime(moment), TIME_FORMAT)


# Fields whose value is prose: compared line by line. The others: old value → new value.
PROSE_FIELDS = {"summary", "body"}


def _display(record, field):
    if field.choices:
        return dict(field.flatchoices).get(getattr(record, field.attname), "")
    if field.is_relation:
        value = getattr(record, field.attname)
        return (
            ""
            if value is None
            else str(field.related_model._default_manager.filter(pk=value).first() or value)
        )
    value = getattr(record, field.attname)
    if isinstance(value, datetime.datetime):
        return local_time(value)
    return "" if value is None else str(value)


def _line_diff(old, new):
    """Lines as (kind, text), kind one of "same", "removed", "added"."""
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        code, text = line[:2], line[2:]
        if code == "  ":
            lines.append(("same", text))
        elif code == "- ":
            lines.append(("removed", text))
        elif code == "+ ":
            lines.append(("added", text))
    return lines


def compare(older, newer):
    """One entry per field that differs: its label, the two values, and a line diff for prose."""
    tracked = {f.name for f in older._meta.fields}
    changes = []
    for field in Article._meta.concrete_fields:
        if field.name not in tracked or field.name in {"id", "created_at"}:
            continue
        old, new = _display(older, field), _display(newer, field)
        if old == new:
            continue
        changes.append(
            {
                "label": field.verbose_name.capitalize(),
                "old": old,
                "new": new,
                "lines": _line_diff(old, new) if field.name in PROSE_FIELDS else None,
            }
        )
    return changes
