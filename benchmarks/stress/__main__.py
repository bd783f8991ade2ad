"""Run every stress script (each module of this package with ``main() -> int``) and sum them up.

    python -m benchmarks.stress            # all of them
    python -m benchmarks.stress races      # only benchmarks/stress/races.py
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def scripts(names: list[str]) -> list[str]:
    """The stress modules to run: those named, else every module here that has a main()."""
    found = sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]))
    chosen = [name for name in found if not names or name in names]
    missing = set(names) - set(found)
    if missing:
        raise SystemExit(f"No stress script called {', '.join(sorted(missing))}; there are: {', '.join(found)}")
    modules = {name: importlib.import_module(f"{__package__}.{name}") for name in chosen}
    return [name for name, module in modules.items() if callable(getattr(module, "main", None))]


def main(argv: list[str]) -> int:
    results: list[tuple[str, int, float]] = []
    for name in scripts(argv):
        print(f"== stress: {name}", flush=True)
        started = time.monotonic()
        try:
            code = int(importlib.import_module(f"{__package__}.{name}").main() or 0)
        except Exception as error:  # a script that crashes is a failure to report, not the end of the run
            print(f"{name} crashed: {error!r}", flush=True)
            code = 1
        results.append((name, code, time.monotonic() - started))
    print("== stress summary")
    for name, code, seconds in results:
        print(f"{'PASS' if code == 0 else 'FAIL'}  {name}  ({seconds:.0f} s)")
    failed = [name for name, code, _ in results if code]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
