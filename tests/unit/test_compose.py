"""compose.yaml's structure, read as a file (no Docker needed): every service runs something pinned, in exec
form, with a health check where others wait for it; every dependency names a real service in a condition
that can be met; the app's URLs point at services it waits for; no secret is written into the file; and
the README names every variable compose refuses to start without.

(The compose specification's JSON schema ships with no package this project installs, and the tests do
not fetch it: the structure the set-up relies on is checked here instead. That compose starts in
production with no default secret is tests/unit/test_production.py's.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|API_KEY|TOKEN|_KEY$")
_VAR = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


SERVICES: dict[str, Any] = compose()["services"]


def test_the_set_up_has_its_services() -> None:
    assert set(SERVICES) == {"chroma", "postgres", "valkey", "ingest", "techbridge"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_runs_something_pinned_in_exec_form(name: str) -> None:
    service = SERVICES[name]
    assert "image" in service or "build" in service
    image = str(service.get("image", ""))
    if "build" not in service:  # a third-party image: a version, not whatever `latest` is today
        assert ":" in image and not image.endswith(":latest"), image
    if "command" in service:
        # Exec form: no shell between compose and the program (so signals reach it), unless the command
        # runs `sh -c` on purpose.
        command = service["command"]
        assert isinstance(command, list) and all(isinstance(part, str) for part in command), command


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_long_running_services_have_a_health_check_and_restart(name: str) -> None:
    service = SERVICES[name]
    if service.get("restart") == "no":  # a one-shot job (ingest): it exits, nothing to probe
        assert "healthcheck" not in service
        return
    assert service["restart"] == "unless-stopped"
    check = service["healthcheck"]
    assert isinstance(check["test"], list) and check["test"][0] in ("CMD", "CMD-SHELL"), check
    for key in ("interval", "timeout", "retries", "start_period"):
        assert key in check, f"{name}: healthcheck without {key}"
    assert re.fullmatch(r"\d+s", check["timeout"]) and re.fullmatch(r"\d+s", check["interval"])
    assert int(check["timeout"][:-1]) <= int(check["interval"][:-1])


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_dependencies_name_services_and_conditions_that_can_be_met(name: str) -> None:
    for dep, spec in SERVICES[name].get("depends_on", {}).items():
        assert dep in SERVICES and dep != name
        condition = spec["condition"]
        assert condition in CONDITIONS, condition
        if condition == "service_healthy":
            assert "healthcheck" in SERVICES[dep], f"{name} waits for {dep} to be healthy: it has no check"
        if condition == "service_completed_successfully":
            assert SERVICES[dep].get("restart") == "no", f"{dep} must be a one-shot job"


def test_dependencies_have_no_cycle() -> None:
    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        for dep in SERVICES[name].get("depends_on", {}):
            visit(dep, (*path, name))

    for name in SERVICES:
        visit(name, ())


def test_the_app_waits_for_every_service_its_urls_name() -> None:
    app = SERVICES["techbridge"]
    env = app["environment"]
    hosts = {}
    for key in ("TECHBRIDGE_CHROMA__URL", "TECHBRIDGE_DATABASE_URL", "TECHBRIDGE_REDIS_URL"):
        url = urlsplit(_VAR.sub("x", str(env[key])))
        assert url.hostname in SERVICES, f"{key} names {url.hostname}, not a service"
        hosts[key] = (url.hostname, url.port)
    assert hosts == {
        "TECHBRIDGE_CHROMA__URL": ("chroma", 8000),
        "TECHBRIDGE_DATABASE_URL": ("postgres", 5432),
        "TECHBRIDGE_REDIS_URL": ("valkey", 6379),
    }
    # ... on the ports those services listen on (chroma's from its command; the others' defaults).
    chroma = SERVICES["chroma"]["command"]
    assert chroma[chroma.index("--port") + 1] == "8000" and "--port" not in SERVICES["valkey"]["command"]
    waits = app["depends_on"]
    for host, _ in hosts.values():
        assert waits[host]["condition"] == "service_healthy"
    assert waits["ingest"]["condition"] == "service_completed_successfully"
    assert SERVICES["ingest"]["depends_on"]["chroma"]["condition"] == "service_healthy"


def test_only_the_app_publishes_a_port() -> None:
    """Chroma, PostgreSQL and Valkey are reached on compose's own network only (Valkey has no password)."""
    assert [name for name, s in SERVICES.items() if "ports" in s] == ["techbridge"]


def test_valkey_keeps_nothing_on_disk_and_is_bounded() -> None:
    command = SERVICES["valkey"]["command"]
    assert command[0] == "valkey-server"
    flags = dict(zip(command[1::2], command[2::2], strict=True))
    assert flags["--save"] == "" and flags["--appendonly"] == "no"
    assert flags["--maxmemory"].endswith("mb") and flags["--maxmemory-policy"] == "volatile-lru"


def _environments() -> list[tuple[str, str, str]]:
    return [
        (name, key, str(value))
        for name, service in SERVICES.items()
        for key, value in (service.get("environment") or {}).items()
    ]


@pytest.mark.parametrize(("service", "key", "value"), _environments())
def test_no_secret_is_written_into_the_file(service: str, key: str, value: str) -> None:
    """A secret comes from the operator's environment or .env (`${VAR}`), with no default to fall back on;
    a URL holding a password takes the password from a variable."""
    if SECRET_NAME.search(key):
        found = _VAR.fullmatch(value)
        assert found is not None, f"{service}.{key} is written into compose.yaml"
        assert found.group(2) != "-" or found.group(3) == "", f"{service}.{key} has a default"
    password = urlsplit(_VAR.sub("VAR", value)).password if "://" in value else None
    if password is not None:
        assert password == "VAR", f"{service}.{key} holds a password written into compose.yaml"


def test_volumes_used_are_declared() -> None:
    declared = set(compose()["volumes"])
    for service in SERVICES.values():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, source


def test_the_readme_names_every_variable_compose_requires() -> None:
    """The README's server set-up tells the operator each secret compose refuses to start without."""
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    required = {m.group(1) for m in _VAR.finditer(text) if m.group(2) == "?"}
    assert required == {"POSTGRES_PASSWORD"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Server set-up") :]
    section = section[: section.find("\n## ", 1)]
    for name in (*required, "TECHBRIDGE_SERVER__SESSION_SECRET", "TECHBRIDGE_ADMIN_API_KEY"):
        assert name in section, f"README 'Server set-up' does not name {name}"
    assert "docker compose up" in section and "tests/slow/test_replicas.py" in section
