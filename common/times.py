"""The SMS console's clock: it shows every time in China Standard Time (UTC+8, no daylight saving),
so a time a customer reads off the console is entered and shown with that zone."""
from __future__ import annotations

from datetime import timedelta, timezone

CONSOLE_TIME_ZONE = timezone(timedelta(hours=8), "UTC+8")
CONSOLE_TIME_ZONE_NAME = "UTC+8"
