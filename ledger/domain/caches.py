"""How many answers each memo of a pure lookup keeps (a date's day, a proposal's key,
the process in force on a date): the recent ones, which a history read in order asks for
again, in memory that stays flat however long the history."""

CACHED = 8_192
