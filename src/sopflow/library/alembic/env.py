"""Alembic environment: migrations run on the connection sopflow hands over.

sopflow.library.migrations calls Alembic programmatically with the connection in
`config.attributes["connection"]`; batch mode lets the same migrations alter SQLite tables.
"""

from __future__ import annotations

from alembic import context

from sopflow.library.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
