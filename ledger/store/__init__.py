"""The storage adapters: where a ledger's events are kept (a SQLite file or a PostgreSQL
server), linked into a hash chain, read back checked, walked in pages and copied."""
