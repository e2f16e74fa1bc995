"""Database routing for an optional read replica (DATABASE_REPLICA_URL)."""

from django.db import connections


class ReplicaRouter:
    """
    Reads go to the "replica" database, writes to "default". Both hold the same data, so
    relations between objects read from either are allowed; migrations run on "default" only
    (the replica follows the primary by streaming replication). Inside a transaction on the
    primary (the admin's and the manage pages' saves), reads stay on the primary, so that a
    form sees what it has just written, whatever the replica's lag.
    """

    def db_for_read(self, model, **hints):
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
