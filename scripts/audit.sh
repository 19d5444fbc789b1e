#!/bin/sh
# `make audit`: check every package pinned in the given lock files against a vulnerability
# database with pip-audit (by default PyPI's own advisory data, from its JSON API).
#
# Usage: scripts/audit.sh LOCK...   (the Makefile passes requirements/runtime.txt and dev.txt)
#
# Each lock ends in one of three verdicts, and the exit status is the worst of them:
#   0  AUDITED       every pinned package was checked; no known vulnerability
#   1  VULNERABLE    pip-audit's table names each vulnerable package and the versions that fix it
#   2  NOT AUDITED   the database could not be reached or gave an unusable answer, a package
#                    could not be checked, or pip-audit is missing: the locks were NOT checked
# A run that could not reach the database never passes.
#
# pip-audit reads the pins and hashes straight from the lock (--disable-pip: nothing is
# installed or resolved), refuses a line without a hash (--require-hashes) and fails instead of
# skipping a package it cannot look up (--strict).
#
# Environment:
#   PIP_AUDIT   the pip-audit executable (default .venv/bin/pip-audit)
#   AUDIT_ARGS  extra pip-audit options, e.g. "--vulnerability-service osv" or
#               "--ignore-vuln GHSA-xxxx-xxxx-xxxx" (word-split)
set -u

PIP_AUDIT=${PIP_AUDIT:-.venv/bin/pip-audit}
AUDIT_ARGS=${AUDIT_ARGS:-}

if [ "$#" -eq 0 ]; then
    echo "usage: $0 LOCK..." >&2
    exit 2
fi

if [ ! -x "$PIP_AUDIT" ]; then
    echo "NOT AUDITED: $PIP_AUDIT not found (run make install first)"
    exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

worst=0
for lock in "$@"; do
    echo "== pip-audit $lock"
    # shellcheck disable=SC2086  # AUDIT_ARGS is a list of options
    "$PIP_AUDIT" --requirement "$lock" --require-hashes --disable-pip --strict \
        --progress-spinner off $AUDIT_ARGS 2>"$log"
    status=$?
    if [ "$status" -eq 0 ] && grep -q '^No known vulnerabilities found' "$log"; then
        echo "AUDITED: $lock: $(grep '^No known vulnerabilities found' "$log")"
    elif [ "$status" -eq 1 ] && grep -q '^Found [0-9]* known vulnerabilit' "$log"; then
        cat "$log"
        echo "VULNERABLE: $lock: $(grep '^Found [0-9]* known vulnerabilit' "$log")"
        [ "$worst" -lt 1 ] && worst=1
    else
        # pip-audit logs its own errors as "ERROR:<logger>:<message>"; some services let a
        # connection error escape as a traceback, whose last line says what failed.
        if grep -q '^Traceback' "$log"; then
            reason="pip-audit failed: $(tail -n 1 "$log")"
        else
            cat "$log"
            reason=$(sed -n 's/^ERROR:[^:]*://p' "$log" | tail -n 1)
            [ -n "$reason" ] || reason="pip-audit exited with status $status: $(tail -n 1 "$log")"
        fi
        case $reason in
            *"not found on PyPI"*)
                # Every pin in a lock came from PyPI with its hashes: what failed is the
                # database (PyPI's per-release JSON API), not a package gone missing.
                reason="$reason; the lock took this release from PyPI, so PyPI's vulnerability API did not answer (unreachable or blocked from here)" ;;
        esac
        echo "NOT AUDITED: $lock: $reason"
        worst=2
    fi
done
exit "$worst"
