"""The JSON Lines interchange format: reading a line, checking it, writing an event as a
line, and the JSON Schema of both."""
