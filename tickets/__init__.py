"""Support tickets: the form and API that create them, their emails, admin and the agent console's queue."""
