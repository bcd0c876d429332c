"""The govledger command line."""
