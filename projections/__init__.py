"""Read models: what the ledger's events say, as tables. Projections never write events."""
