"""The locks and `make audit`: hashed pins that match pyproject.toml, no development tool in the
runtime lock, and an audit that says NOT AUDITED, never passes, when it cannot check.

The audit's unreachable database is pip-audit's own `--osv-url` option pointed at a loopback port
that this test holds bound but not listening: the connection is refused at once, and nothing
leaves the machine. The VULNERABLE and AUDITED verdicts need the real database, so they are
checked by running `make audit` where it is reachable (README, Security).
"""

import os
import re
import shutil
import socket
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
# Tools that must never reach the production image.
DEVELOPMENT_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "hypothesis",
    "pip-audit",
    "aiosmtpd",
}


def read_lock(path):
    """{canonical name: (Requirement, set of hashes)} for each entry of a compiled lock."""
    text = re.sub(r"\\\n", " ", path.read_text())
    entries = {}
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *options = re.split(r"\s+(?=--)", line)
        hashes = {opt.removeprefix("--hash=") for opt in options if opt.startswith("--hash=")}
        requirement = Requirement(spec)
        entries[canonicalize_name(requirement.name)] = (requirement, hashes)
    return entries


def declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=["runtime", "dev"])
def test_every_pin_is_exact_and_hashed(lock):
    entries = read_lock(lock)
    assert len(entries) > 50
    for name, (requirement, hashes) in entries.items():
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", name
        assert hashes, f"{name} has no hash in {lock.name}"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", value) for value in hashes), name


@pytest.mark.parametrize(
    ("lock", "extra"), [(RUNTIME_LOCK, None), (DEV_LOCK, None), (DEV_LOCK, "dev")]
)
def test_locks_satisfy_pyproject(lock, extra):
    """A dependency added to pyproject.toml without `make lock` fails here, not in production."""
    entries = read_lock(lock)
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} is not in {lock.name}: run make lock"
        pinned = next(iter(entries[name][0].specifier)).version
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"{lock.name} pins {name}=={pinned}, outside pyproject's {requirement}: run make lock"
        )


def test_runtime_lock_has_no_development_tool():
    assert DEVELOPMENT_TOOLS.isdisjoint(read_lock(RUNTIME_LOCK))
    assert set(read_lock(DEV_LOCK)) >= DEVELOPMENT_TOOLS


def test_dev_lock_pins_the_runtime_packages_identically():
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    for name, (requirement, hashes) in runtime.items():
        assert name in dev, name
        assert str(dev[name][0].specifier) == str(requirement.specifier), name
        assert dev[name][1] == hashes, name


@pytest.fixture
def refused_url():
    """An http URL on loopback whose port is bound by this test but never listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1/query"


def run_audit(command, refused_url, **env):
    return subprocess.run(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "AUDIT_ARGS": f"--vulnerability-service osv --osv-url {refused_url} --timeout 5",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


needs_pip_audit = pytest.mark.skipif(
    not PIP_AUDIT.exists() or shutil.which("make") is None, reason="needs make and make install"
)


@needs_pip_audit
def test_make_audit_says_not_audited_when_the_database_is_unreachable(refused_url):
    # -o: take the installed environment as up to date (the audit must not reinstall it).
    result = run_audit(["make", "-o", ".venv/bin/.installed", "audit"], refused_url)
    assert result.returncode != 0, result.stdout
    verdicts = [line for line in result.stdout.splitlines() if "AUDITED" in line]
    assert [line.split(":")[:2] for line in verdicts] == [
        ["NOT AUDITED", " requirements/runtime.txt"],
        ["NOT AUDITED", " requirements/dev.txt"],
    ], result.stdout
    assert all("Connection refused" in line for line in verdicts), verdicts
    assert "No known vulnerabilities" not in result.stdout + result.stderr


@needs_pip_audit
def test_audit_refuses_a_lock_without_hashes(tmp_path, refused_url):
    lock = tmp_path / "unhashed.txt"
    lock.write_text("django==5.2.19\n")
    result = run_audit(["sh", "scripts/audit.sh", str(lock)], refused_url)
    assert result.returncode == 2
    assert result.stdout.splitlines()[-1] == (
        f"NOT AUDITED: {lock}: requirement django==5.2.19 does not contain a hash"
    )
