"""Settings come from the environment, with `make run`'s local key file as the one fallback."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


KEY_LENGTH = "import django; from django.conf import settings; django.setup(); print(len(settings.SECRET_KEY))"
SERVE = "import config.wsgi"


def run_check(env: dict[str, str], code: str = KEY_LENGTH) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_secret_key_is_refused_when_debug_is_off(tmp_path):
    result = run_check({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}, SERVE)
    if (ROOT / ".secret_key").is_file():
        assert result.returncode == 0  # make run's local key is used
    else:
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_the_environment_key_wins(tmp_path):
    result = run_check({"DJANGO_SECRET_KEY": "k" * 60, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert result.returncode == 0
    assert result.stdout.strip() == "60"


def test_commands_that_sign_nothing_run_without_a_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
