"""Set-up on a fresh machine (build_tools/setup/): the Python floor is checked before anything is
installed, has one home (pyproject.toml), and the tools checking the code assume the same floor.
The whole promise is proved by `make fresh-check` in a new Debian root (not part of `make test`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "build_tools" / "setup" / "require-python.py"


def _run_with_floor(tmp_path: Path, floor: str) -> subprocess.CompletedProcess[str]:
    tree = tmp_path / "repo"
    (tree / "build_tools" / "setup").mkdir(parents=True)
    shutil.copy(SCRIPT, tree / "build_tools" / "setup" / SCRIPT.name)
    (tree / "pyproject.toml").write_text(f'[project]\nname = "x"\nrequires-python = ">={floor}"\n', encoding="utf-8")
    return subprocess.run([sys.executable, str(tree / "build_tools" / "setup" / SCRIPT.name)], capture_output=True, text=True, check=False)


def test_a_python_below_the_floor_is_named_with_the_floor_and_how_to_get_one(tmp_path: Path) -> None:
    done = _run_with_floor(tmp_path, "3.99")
    assert done.returncode == 1
    found = ".".join(str(n) for n in sys.version_info[:3])
    assert f"Python {found} is too old: the library needs Python 3.99 or newer" in done.stderr
    assert sys.executable in done.stderr
    assert "apt-get install python3 python3-venv" in done.stderr
    assert "PYTHON=" in done.stderr


def test_the_python_running_the_tests_passes_the_real_floor(tmp_path: Path) -> None:
    done = _run_with_floor(tmp_path, "3.11")
    assert (done.returncode, done.stderr) == (0, "")


def test_the_floor_has_one_home_and_the_linters_assume_it() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floor = config["project"]["requires-python"].removeprefix(">=")
    major, minor = floor.split(".")[:2]
    assert config["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert config["tool"]["mypy"]["python_version"] == f"{major}.{minor}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {major}.{minor} or newer" in readme


def test_every_target_needing_a_system_package_installs_it_first() -> None:
    """make -n on a machine where nothing is installed: the system install runs before the target's command."""
    for target, level in (("build", "build"), ("test", "test"), ("test-fast", "test"), ("serve", "build"), ("bench", "test")):
        plan = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        install = plan.find(f"install-system-deps.sh {level}")
        assert install >= 0, (target, plan)
        command = {"build": "build_tools build", "serve": "build_tools serve", "bench": "tests.bench"}.get(target, "pytest")
        assert 0 <= install < plan.find(command), (target, plan)


def test_every_make_target_the_docs_name_exists() -> None:
    """`make <target>` in backquotes or a code line, in the README, the guides and the requirement files."""
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    texts = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "ARCHITECTURE.md", *ROOT.glob("requirements*.txt"),
             *(ROOT / "docs").rglob("*.md")]
    named = {(path.name, target) for path in texts
             for target in re.findall(r"(?:`|^\s*|# )make ([a-z][a-z-]*)", path.read_text(encoding="utf-8"), re.M)}
    assert named, "the docs name make targets"
    assert sorted((name, target) for name, target in named if target not in targets) == []
