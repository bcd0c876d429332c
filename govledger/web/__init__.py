"""govledger's read-only web view: the register as it stood, in a browser."""
