"""govledger: the governance history of an industry code, as immutable events."""

__version__ = "0.1.0"
