"""One full-text backend per database, each implementing faq.search.types.Backend."""
from __future__ import annotations

from types import ModuleType
from typing import cast

from django.db import connection

from ..types import Backend


def backend() -> Backend:
    """The backend for the database in use (imported here: the vendor is known only at run time)."""
    module: ModuleType
    if connection.vendor == "postgresql":
        from . import postgresql as module
    else:
        from . import sqlite as module
    return cast(Backend, module)
