"""Point-in-time views built from folded events: the register, a proposal's timeline, the
code in force, what changed between two dates, and a published register compared."""
