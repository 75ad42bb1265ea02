"""The database layer: engine and transactions, the schema and its Alembic migrations."""
