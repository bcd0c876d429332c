"""`govledger`, with the synthetic codes known: how the benchmark runs commands on its histories."""

from __future__ import annotations

from bench.synthetic import register_synthetic_codes

if __name__ == "__main__":
    register_synthetic_codes()
    from cli.main import main

    main(prog_name="govledger")
