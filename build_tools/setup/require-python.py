# Run by `make` with the Python that will create .venv, before anything is installed. Written to run on
# any Python 3 (no f-strings, no walrus), so that an old interpreter gets this message, not a syntax error.
# The floor has one home: `requires-python` in pyproject.toml. Exit 0 when the Python can build the
# library; otherwise print what was found, what is needed and how to get it, and exit 1.
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYPROJECT = os.path.join(HERE, "..", "..", "pyproject.toml")


def floor() -> "tuple[int, ...]":
    with open(PYPROJECT, encoding="utf-8") as f:
        match = re.search(r'^requires-python\s*=\s*">=\s*([0-9.]+)"', f.read(), re.M)
    if not match:
        sys.exit("pyproject.toml: requires-python must read \">=X.Y\" (build_tools/setup/require-python.py reads it)")
    return tuple(int(part) for part in match.group(1).split("."))


def main() -> int:
    needed = floor()
    found = sys.version_info[:3]
    shown = ".".join(str(n) for n in needed)
    problems = []  # type: list[str]
    if found < needed:
        problems.append("Python %s is too old: the library needs Python %s or newer (pyproject.toml, requires-python)."
                        % (".".join(str(n) for n in found), shown))
    try:
        import ensurepip  # noqa: F401  (python3-venv on Debian and Ubuntu)
        import venv  # noqa: F401
    except ImportError:
        problems.append("This Python has no 'venv'/'ensurepip' module, which creates .venv.")
    if not problems:
        return 0
    sys.stderr.write("\n".join(problems) + "\n")
    sys.stderr.write(
        "Python used: %s\n"
        "How to fix it:\n"
        "  - Debian 12 and Ubuntu 24.04 have a Python that works: apt-get install python3 python3-venv\n"
        "  - or name another interpreter: make build PYTHON=/usr/bin/python3.12\n" % sys.executable)
    return 1


if __name__ == "__main__":
    sys.exit(main())
