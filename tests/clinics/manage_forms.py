"""Helpers for the /manage/ form tests: post back what a page's forms show, changed."""

import datetime


def _value(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def fields_of(form):
    """{html name: value} of an unbound form as the browser would post it back."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            if getattr(bound.field.widget, "allow_multiple_selected", False):
                continue  # nothing ticked: the browser sends nothing
            value = ""
        if isinstance(value, (list, tuple)):
            value = [str(getattr(v, "pk", v)) for v in value]
        data[bound.html_name] = _value(value)
    return data


def formset_data(formset):
    """The management form and every form of an unbound formset, as posted back."""
    data = {}
    for bound in formset.management_form:
        data[bound.html_name] = bound.value()
    for form in formset.forms:
        data.update(fields_of(form))
    return data


def page_data(response, name="form"):
    return fields_of(response.context[name])


def grid_data(grid):
    """The week grid of opening hours (clinics.forms.WeekHoursForm), as posted back."""
    data = {}
    for _, formset in grid.days:
        data.update(formset_data(formset))
    return data


def set_day(data, day, intervals):
    """Replace one day's intervals in a posted grid: `intervals` as [("09:00", "13:00"), ...]."""
    for key in [key for key in data if key.startswith(f"{day}-") and key[len(day) + 1].isdigit()]:
        del data[key]
    data[f"{day}-TOTAL_FORMS"] = str(len(intervals))
    for n, (opens, closes) in enumerate(intervals):
        data[f"{day}-{n}-opens"] = opens
        data[f"{day}-{n}-closes"] = closes
    return data
