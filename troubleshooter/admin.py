from . import ticket_admin  # noqa: F401  (registers Ticket)
