"""The deployment files hold what SECURITY.md claims, read as files (no Docker needed):

- compose.yaml starts in production mode with no default secret: its variables are resolved here the way
  `docker compose` does (`${X:-default}`, `${X:?error}`) and the result is fed to Settings, which must
  refuse to start on a missing or weak secret and start on real ones;
- uvicorn never rewrites the client address from X-Forwarded-For (compose and the Dockerfile pass
  --no-proxy-headers): the app alone decides, from TECHBRIDGE_SERVER__TRUSTED_PROXIES;
- dependencies: lower bounds above known CVEs, a lock file with hashes that the Dockerfile installs with
  --require-hashes, and `make audit` running pip-audit on it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
STRONG = "kP3v9QzT1xW8mN4rB6yH2jL5aQ7sD0fG"  # 32 random characters
_VAR = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


class Unset(Exception):
    """compose's `${X:?message}` with X unset or empty: it refuses to start."""


def resolve(value: str, env: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        name, op, arg = m.group(1), m.group(2), m.group(3)
        got = env.get(name, "")
        if got:
            return got
        if op == "?":
            raise Unset(f"{name}: {arg}")
        return arg if op == "-" else ""

    return _VAR.sub(one, value)


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def app_env(env: dict[str, str]) -> dict[str, str]:
    """The environment compose gives the techbridge service, given the operator's variables."""
    service = compose()["services"]["techbridge"]["environment"]
    return {k: resolve(str(v), env) for k, v in service.items()}


def start(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Settings:
    for key, value in app_env(env).items():
        monkeypatch.setenv(key, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


# ---- compose: production, no default secrets -----------------------------------------------------------
def test_compose_starts_in_production_with_real_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = start(
        monkeypatch,
        {"POSTGRES_PASSWORD": STRONG, "TECHBRIDGE_SERVER__SESSION_SECRET": STRONG + STRONG},
    )
    assert settings.environment == "production"
    assert settings.database_url is not None and STRONG in settings.database_url.get_secret_value()
    assert settings.server.trusted_proxies == [] and settings.server.docs is None


def test_compose_refuses_to_start_without_a_database_password() -> None:
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        app_env({})
    postgres = compose()["services"]["postgres"]["environment"]
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        resolve(postgres["POSTGRES_PASSWORD"], {})
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"POSTGRES_PASSWORD:-", text)  # no default password anywhere


@pytest.mark.parametrize("password", ["techbridge", "changeme", "short-pw-123"])
def test_compose_in_production_refuses_a_weak_database_password(
    monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        start(monkeypatch, {"POSTGRES_PASSWORD": password, "TECHBRIDGE_SERVER__SESSION_SECRET": STRONG * 2})
    message = str(refused.value)
    assert "TECHBRIDGE_DATABASE_URL password" in message and password not in message


# ---- X-Forwarded-For is the app's to read ---------------------------------------------------------------
def test_uvicorn_never_reads_forwarded_headers_itself() -> None:
    command = compose()["services"]["techbridge"]["command"]
    assert "--no-proxy-headers" in command and "--proxy-headers" not in command
    assert not any("forwarded-allow-ips" in part for part in command)
    assert "TECHBRIDGE_SERVER__TRUSTED_PROXIES" in compose()["services"]["techbridge"]["environment"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    (cmd,) = [line for line in dockerfile.splitlines() if line.startswith("CMD ")]
    assert '"--no-proxy-headers"' in cmd and '"--proxy-headers"' not in cmd
    assert "FORWARDED_ALLOW_IPS" not in re.sub(r"#.*", "", dockerfile)


# ---- dependencies ---------------------------------------------------------------------------------------
# The first release without the known advisories, and the advisories it fixes (checked 2026-12).
FLOORS = {
    "python-multipart": ("0.0.31", "CVE-2024-53981, CVE-2026-24486, CVE-2026-40347, CVE-2026-53537..53540"),
    "pypdf": ("7.0.0", "CVE-2026-27024..27026, CVE-2026-33699, CVE-2026-40260, 6.21.4 and 7.0.0 SEC fixes"),
    "starlette": ("1.3.1", "CVE-2025-62727, CVE-2026-48710, CVE-2026-48817, -48818, -54282, -54283"),
    "fastapi": ("0.133.0", "the first release that allows starlette 1.x (and so its fixes)"),
    "jinja2": ("3.1.6", "CVE-2024-56201, CVE-2024-56326, CVE-2025-27516"),
    "cryptography": ("50.0.0", "CVE-2026-26007, -34073, -39892, -69247, -69248, -69249"),
}


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:4])


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(specs: list[str]) -> dict[str, str]:
    """name -> the spec after it, e.g. {'pypdf': '>=7.0.0'}."""
    found = {}
    for spec in specs:
        m = re.match(r"\s*([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*([^;#]*)", spec)
        assert m, spec
        found[canonical(m.group(1))] = m.group(3).strip()
    return found


def lock() -> dict[str, tuple[str, list[str]]]:
    """name -> (pinned version, its hashes) from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9._-]+)(\[[^\]]*\])?==([^\s;\\]+)", block)
        if m:
            entries[canonical(m.group(1))] = (m.group(3), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


def project() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]  # type: ignore[no-any-return]


def test_lower_bounds_are_above_known_cves() -> None:
    runtime = requirements(project()["dependencies"])
    pinned = lock()
    for name, (floor, advisories) in FLOORS.items():
        if name in runtime:
            bound = re.search(r">=\s*([\w.]+)", runtime[name])
            assert bound and version(bound.group(1)) >= version(floor), (
                f"{name} {runtime[name]}: {advisories}"
            )
        if name in pinned:  # what the image installs, direct or not
            assert version(pinned[name][0]) >= version(floor), f"{name}=={pinned[name][0]}: {advisories}"
    for name in ("python-multipart", "pypdf", "starlette", "fastapi", "cryptography"):
        assert name in runtime, f"{name} should carry its floor in pyproject.toml"


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    pinned = lock()
    wanted = requirements(project()["dependencies"]) | requirements(
        project()["optional-dependencies"]["postgres"]
    )
    missing = sorted(set(wanted) - set(pinned))
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    for name, spec in wanted.items():
        bound = re.search(r">=\s*([\w.]+)", spec)
        if bound:
            assert version(pinned[name][0]) >= version(bound.group(1)), (
                f"{name}: lock {pinned[name][0]} < {spec}"
            )
    assert all(hashes for _, hashes in pinned.values()), [n for n, (_, h) in pinned.items() if not h]
    assert "-e " not in (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_the_image_installs_the_lock_with_hashes_and_make_audit_audits_it() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"pip install[^\n]*--require-hashes[^\n]*-r requirements\.lock", dockerfile)
    assert "COPY pyproject.toml README.md requirements.lock" in dockerfile
    assert re.search(r"pip install --no-deps", dockerfile)  # the project itself: nothing unpinned comes along
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^audit:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe and "pip-audit" in recipe.group(1) and "requirements.lock" in recipe.group(1)
    assert any(canonical(dep).startswith("pip-audit") for dep in project()["optional-dependencies"]["dev"])
