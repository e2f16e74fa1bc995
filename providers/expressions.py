"""Query expressions the directory's filters need beyond Django's own."""

from django.db.models import Exists, Expression


class EachRowExists(Exists):
    """
    EXISTS, asked of each row the rest of the query lets through.

    The filter facets narrow a search to a few hundred candidates before its exact checks
    (open at this minute, within this many kilometres). Left to itself PostgreSQL may answer
    such an EXISTS by first collecting every row its subquery could match (every provider
    open now: 35,000 opening-hours rows, 95 ms) and hashing them; OFFSET 0 keeps it from
    rewriting the subquery, so each candidate is checked by an index probe instead.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


class CompiledOnce(Expression):
    """
    The SQL of build() (an expression over the outer query's rows, such as a Subquery of
    OuterRef("pk")), worked out the first time it is needed for a database vendor, outer table
    and `key`, then reused.

    A page of result cards annotates three JSON subqueries (branches with their hours and
    exceptions, offers, languages): building, resolving and compiling them took 2.7 ms a
    page, more than the query itself, and the SQL comes out the same every time for the same
    key. `key` must therefore name everything build() depends on.
    """

    _compiled = {}
    MAX_KEPT = 256

    def __init__(self, key, build, output_field):
        super().__init__(output_field=output_field)
        self.key = key
        self.build = build

    def __repr__(self):
        return f"{self.__class__.__name__}({self.key!r})"

    def as_sql(self, compiler, connection):
        key = (connection.vendor, compiler.query.base_table, self.key)
        found = self._compiled.get(key)
        if found is None:
            expression = self.build().resolve_expression(compiler.query, allow_joins=True)
            found = compiler.compile(expression)
            if len(self._compiled) >= self.MAX_KEPT:
                self._compiled.clear()
            self._compiled[key] = found
        sql, params = found
        return sql, list(params)
