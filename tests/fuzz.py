"""`make bench` part: the fuzz tests of tests/test_fuzz.py with many more examples (HYPOTHESIS_PROFILE=long),
bounded in time. Run alone: .venv/bin/python -m tests.fuzz [examples per test, default 5000]."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(examples: int = 5000, budget: float = 1800) -> bool:
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "FUZZ_EXAMPLES": str(examples), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"],
                                cwd=ROOT, env=env, check=False, timeout=budget)
        ok = result.returncode == 0
    except subprocess.TimeoutExpired:
        print(f"Fuzz: did not finish within {budget:.0f} s: a reader does not terminate on some input")
        return False
    print(f"Fuzz ({examples} examples per property): {'no finding' if ok else 'FINDINGS above'} in {time.perf_counter() - start:.0f} s")
    return ok


if __name__ == "__main__":
    sys.exit(0 if run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000) else 1)
