"""The compose file and Dockerfile agree with what the app reads (docker is not available here; each service is
exercised natively elsewhere: PostgreSQL by tests/workspace, chroma run behind the auth proxy by
tests/retrieval/test_chroma_auth_proxy.py, the app's sign-in by tests/ui/test_browser_signin.py)."""

from __future__ import annotations

import importlib.util
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from assistant.config import Settings
from assistant.index.auth_proxy import TOKEN_ENV

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "MLOPS_ASSISTANT_"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"])


def _flag(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def _port(address: str) -> int:
    return int(address.rpartition(":")[2])


def test_the_app_is_configured_only_with_settings_it_reads(services: dict[str, Any]) -> None:
    known = {f"{PREFIX}{name.upper()}" for name in Settings.model_fields}
    for name, service in services.items():
        named = {key for key in service.get("environment", {}) if key.startswith(PREFIX)}
        assert named <= known, f"{name}: {sorted(named - known)} are not settings (assistant/config.py)"
    app = services["app"]["environment"]
    assert {f"{PREFIX}DATABASE_URL", f"{PREFIX}CHROMA_HOST", f"{PREFIX}CHROMA_PORT", f"{PREFIX}CHROMA_TOKEN"} <= set(app)


def test_the_app_reaches_postgres_with_its_user_and_database(services: dict[str, Any]) -> None:
    url = make_url(services["app"]["environment"][f"{PREFIX}DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "pw"))
    postgres = services["postgres"]["environment"]
    assert url.drivername == "postgresql+psycopg"  # the driver the lock installs (psycopg 3)
    assert (url.host, url.port, url.username, url.database) == ("postgres", 5432, postgres["POSTGRES_USER"],
                                                                 postgres["POSTGRES_DB"])
    assert "${POSTGRES_PASSWORD" in postgres["POSTGRES_PASSWORD"]  # one secret, from deploy/.env
    assert services["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_chroma_is_reachable_only_through_the_token_checking_proxy(services: dict[str, Any]) -> None:
    chroma, proxy, app = services["chroma"], services["chroma-auth"], services["app"]["environment"]
    assert chroma["command"][:2] == ["chroma", "run"]
    assert _flag(chroma["command"], "--host") == "127.0.0.1"  # loopback of its own container only
    assert "ports" not in chroma and "ports" not in proxy  # nothing published outside the compose network
    assert proxy["network_mode"] == "service:chroma"  # the proxy shares that loopback
    command = proxy["command"]
    assert command[:3] == ["python", "-m", "assistant.index.auth_proxy"]
    assert importlib.util.find_spec(command[2]) is not None
    assert _port(_flag(command, "--upstream")) == int(_flag(chroma["command"], "--port"))
    assert app[f"{PREFIX}CHROMA_HOST"] == "chroma"  # the proxy answers on the chroma service's address
    assert int(app[f"{PREFIX}CHROMA_PORT"]) == _port(_flag(command, "--listen"))
    assert TOKEN_ENV in proxy["environment"]
    assert re.fullmatch(r"\$\{CHROMA_TOKEN[^}]*\}", proxy["environment"][TOKEN_ENV])
    assert re.fullmatch(r"\$\{CHROMA_TOKEN[^}]*\}", app[f"{PREFIX}CHROMA_TOKEN"])  # the same token on both sides


def test_the_app_gets_the_sign_in_settings_where_streamlit_reads_them(services: dict[str, Any]) -> None:
    app = services["app"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in app["volumes"]}
    assert mounts["/app/.streamlit/secrets.toml"] == "./deploy/secrets.toml"
    auth = tomllib.loads((ROOT / "deploy" / "secrets.example.toml").read_text(encoding="utf-8"))["auth"]
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(auth)
    assert auth["redirect_uri"].endswith("/oauth2callback")  # st.login refuses any other path
    assert _flag(shlex.split(" ".join(app["command"])), "run") == "app.py"


def test_the_image_installs_the_lock_and_the_readme_s_torch(services: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11", dockerfile, re.M)
    assert "--require-hashes -r requirements-app.lock" in dockerfile
    torch = re.search(r"torch==([\d.]+)", dockerfile)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert torch and f"pip install -q torch=={torch.group(1)}" in readme
    assert all(service.get("build") == "." for name, service in services.items() if name != "postgres")
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.M):
        for path in line.split()[:-1]:
            assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which is not in the repository"
