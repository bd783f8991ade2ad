"""Tiny typed readers for settings that come from the environment.

Each fails loudly on a value it cannot understand, so a typo in a deployment shows up at start-up
rather than as a silently different setting.
"""
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_redis_url(name: str) -> str:
    """A Redis address (redis://, rediss:// or unix://), or "" when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must look like redis://host:port/db, not {raw!r}")
    return raw
