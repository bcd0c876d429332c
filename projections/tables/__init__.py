"""The projection tables: read models kept in the event store's own database."""
