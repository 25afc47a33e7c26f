"""One router per resource; the schemas each one answers with sit beside it."""
