#!/usr/bin/env bash
# Static security checks (issue 16; docs/security.md, "Checks of the code and its
# dependencies"). Exits non-zero when either finds something or cannot run.
#
# 1. bandit over the product's code (tests excluded in bandit.yaml), medium severity and up.
#    A justified exception is marked on its line: `# noqa: Sxxx - reason  # nosec Bxxx`.
# 2. pip-audit over the pinned dependencies (requirements.lock), against PyPI's
#    vulnerability data (PIP_AUDIT_SERVICE=osv for OSV instead). --strict: a package
#    that could not be looked up fails the run instead of being silently skipped, so an
#    unreachable vulnerability service is a failure, never a false "no vulnerabilities".
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
BANDIT_VERSION=1.9.4
PIP_AUDIT_VERSION=2.10.1

if ! "$BIN/python" -c "import bandit, pip_audit" 2>/dev/null; then
    echo "installing bandit==$BANDIT_VERSION and pip-audit==$PIP_AUDIT_VERSION into $BIN"
    "$BIN/python" -m pip install --quiet --disable-pip-version-check \
        "bandit==$BANDIT_VERSION" "pip-audit==$PIP_AUDIT_VERSION"
fi

status=0
echo "== bandit (medium and high severity, tests excluded)"
if ! "$BIN/bandit" -c bandit.yaml -r foro -ll -q; then
    status=1
fi

echo "== pip-audit (requirements.lock)"
if ! "$BIN/pip-audit" -r requirements.lock --no-deps --disable-pip --strict \
    --progress-spinner off -s "${PIP_AUDIT_SERVICE:-pypi}"; then
    echo "pip-audit failed: a known vulnerability, or the vulnerability service could not" >&2
    echo "be reached for every package (see the lines above)." >&2
    status=1
fi
exit $status
