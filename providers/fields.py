"""Model fields whose column type depends on the database."""

from django.contrib.postgres.search import SearchVectorField


class SearchDocumentField(SearchVectorField):
    """
    A provider's stored search document: a weighted `tsvector` on PostgreSQL (with a GIN
    index), and plain lowercased text elsewhere, which SQLite searches by containment.
    `providers.derived` fills it; nothing else should write it.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class FacetsField(SearchDocumentField):
    """
    A provider's filter tokens (providers.facets): a `tsvector` with a GIN index on
    PostgreSQL, text elsewhere. `providers.derived` fills it.
    """
