"""`govledger import` with the synthetic codes registered (they are not SEC's)."""

from __future__ import annotations

from bench.synthetic import register_synthetic_codes
from cli.main import main

if __name__ == "__main__":
    register_synthetic_codes()
    main()
