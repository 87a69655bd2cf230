"""The SQLite store. Stages never touch it; the pipeline and the query layer do.

Modules: `db` (open, migrate, transactions), `documents`, `copies`, `actors`,
`events` — each a set of functions over a `sqlite3.Connection`.
"""

from newsgraph.store.db import connect, transaction

__all__ = ["connect", "transaction"]
