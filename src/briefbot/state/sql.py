"""SQL helpers every table module shares: inserts that may race with another host's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import IntegrityError

__all__ = ["insert_ignoring_duplicates"]


def insert_ignoring_duplicates(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> int:
    """Insert rows, skipping any that break a unique constraint; how many went in.

    SQLite and PostgreSQL: one ``INSERT ... ON CONFLICT DO NOTHING RETURNING``
    (a row another transaction inserted first waits for it, then is skipped).
    Any other database: one savepoint per row.
    """
    if not rows:
        return 0
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        # RETURNING, not rowcount: a driver may report -1 for a multi-row insert.
        key = list(table.primary_key.columns)[0]
        statement = dialect_insert(table).values(list(rows)).on_conflict_do_nothing().returning(key)
        return len(conn.execute(statement).all())
    added = 0
    for row in rows:
        try:
            with conn.begin_nested():
                conn.execute(insert(table).values(**row))
            added += 1
        except IntegrityError:
            pass
    return added
