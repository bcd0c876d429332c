"""The domain: events, aggregates and process rules, with no storage or I/O."""
