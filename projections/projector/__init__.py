"""The projector: every recorded event into the projection tables (the write side of the
read models), kept by one role, once or following the events; and the audit that derives
them again to compare."""
