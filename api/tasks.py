"""
The API's work outside the request (huey, as providers.tasks): the data package's builds.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(hour="4", minute="11"))
def build_nightly_export():
    """Every night: a fresh data package, so that /api/hsds/export.zip is at most a day old."""
    from api import export

    return export.build()


@db_task(retries=2, retry_delay=60)
def build_export():
    """A data package on demand, when /api/hsds/export.zip is asked for before any build."""
    from api import export

    return export.build()
