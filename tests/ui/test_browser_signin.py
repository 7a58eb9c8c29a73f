"""Sign-in end to end: a real OpenID Connect provider on loopback (the npm `oidc-provider` package, in
tests/ui/oidc/), a real `streamlit run app.py` configured against it through secrets.toml `[auth]`, and headless
Chromium signing in as two people with different access. Each sees only the projects their membership and
clearance allow; someone the provider knows but the workspace does not gets no project at all.

Screenshots go to artifacts/screenshots/signin-*.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.workspace import Workspace
from tests.ui.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    START_TIMEOUT_S,
    free_port,
    shot,
    stop,
    wait_healthy,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]

OIDC_DIR = ROOT / "tests" / "ui" / "oidc"
CLIENT_ID, CLIENT_SECRET = "mlops-assistant", "test-client-secret-6f1d0c9e4b"
ALICE, BOB, CAROL = "alice@dept.example", "bob@dept.example", "carol@dept.example"
# (name, classification): alice (SC) edits Alpha and Vault; bob (BPSS) views Beta and is granted Vault, which
# his clearance must still refuse; carol can sign in at the provider but is no user of the workspace.
PROJECTS = (("Alpha Claims", "OFFICIAL"), ("Beta Fraud", "OFFICIAL-SENSITIVE"), ("Vault Models", "SECRET"))


def _node_modules() -> None:
    """Install the provider's locked dependencies (npm ci) unless they are there; skip when that fails."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Node.js (node and npm) is not installed: the test OIDC provider needs it")
    if (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        pytest.skip(f"npm ci in {OIDC_DIR} failed (no registry?): {done.stderr.strip()[-300:]}")


def _wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The OIDC provider and the app, with a workspace of three projects and two registered users."""
    _node_modules()
    scratch = tmp_path_factory.mktemp("signin")
    oidc_port, app_port = free_port(), free_port()
    app = f"http://127.0.0.1:{app_port}"
    (scratch / "oidc.json").write_text(json.dumps({
        "port": oidc_port, "cookie_keys": ["signin-test-cookie-key-3b8e"],
        "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                     "redirect_uris": [f"{app}/oauth2callback"], "post_logout_redirect_uris": [app]}],
        "accounts": {name.split("@")[0]: {"email": name, "name": name.split("@")[0].title()}
                     for name in (ALICE, BOB, CAROL)},
    }))
    (scratch / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app}/oauth2callback"\n'
        'cookie_secret = "signin-test-cookie-secret-5a0f2d7c91e4b6a8"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "http://127.0.0.1:{oidc_port}/.well-known/openid-configuration"\n'
        # prompt: Streamlit asks for select_account by default, which this provider does not offer.
        'client_kwargs = { scope = "openid email profile", prompt = "login", code_challenge_method = "S256" }\n')

    home = scratch / "home"
    home.mkdir(mode=0o700)
    ws = Workspace(f"sqlite:///{home / 'workspace.db'}")
    for name, classification in PROJECTS:
        ws.create_project(name, classification=classification)
    ws.add_user(ALICE, clearance="SC")
    ws.add_user(BOB, clearance="BPSS")
    ws.grant("alpha-claims", ALICE, "editor")
    ws.grant("vault-models", ALICE, "editor")
    ws.grant("beta-fraud", BOB, "viewer")
    ws.grant("vault-models", BOB, "viewer")
    ws.engine.dispose()

    oidc_log = (scratch / "oidc.log").open("w")
    oidc = subprocess.Popen(["node", "provider.js", str(scratch / "oidc.json")], cwd=OIDC_DIR, stdout=oidc_log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    env = {**os.environ, "MLOPS_ASSISTANT_HOME": str(home), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "MLOPS_ASSISTANT_EMBEDDING_BACKEND": "torch"}
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "MLOPS_ASSISTANT_PROVIDER",
                 "MLOPS_ASSISTANT_USER", "MLOPS_ASSISTANT_DATABASE_URL"):
        env.pop(name, None)
    app_log = (scratch / "app.log").open("w")
    streamlit = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
         str(app_port), "--browser.gatherUsageStats", "false", "--secrets.files", str(scratch / "secrets.toml")],
        cwd=ROOT, env=env, stdout=app_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{oidc_port}/.well-known/openid-configuration", 60)
        wait_healthy(app_port, START_TIMEOUT_S)
        yield app
    finally:
        stop(streamlit)
        stop(oidc)
        app_log.close()
        oidc_log.close()
        print(f"app log: {scratch / 'app.log'}; provider log: {scratch / 'oidc.log'}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _sign_in(browser: Any, app: str, login: str) -> Any:
    """A fresh browser (no cookies) that signs in at the provider as `login`; returns the app's page."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(app)
    expect(page.get_by_text("Sign in with your organisation's account")).to_be_visible(timeout=120_000)
    assert page.get_by_role("combobox", name="Project").count() == 0  # nothing of the workspace before sign-in
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/interaction/"))  # the provider's own login page
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name=re.compile("Sign-in", re.I)).click()
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()  # consent to share e-mail and profile
    page.wait_for_url(re.compile(re.escape(app)))
    return page


def _visible_projects(page: Any) -> set[str]:
    """The projects in the sidebar switcher (every project this user may open)."""
    from playwright.sync_api import expect

    switcher = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Project")
    expect(switcher).to_be_visible(timeout=120_000)
    switcher.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    names = {re.sub(r"^\d{3} · ", "", text.strip()) for text in options.all_inner_texts()}
    page.keyboard.press("Escape")
    return names


def test_two_signed_in_users_each_see_only_their_projects(deployment: str, browser: Any) -> None:
    from playwright.sync_api import expect

    alice = _sign_in(browser, deployment, "alice")
    expect(alice.get_by_test_id("stSidebar").get_by_text(f"Signed in as {ALICE}")).to_be_visible()
    assert _visible_projects(alice) == {"Alpha Claims", "Vault Models"}
    shot(alice, "signin-alice")

    bob = _sign_in(browser, deployment, "bob")
    expect(bob.get_by_test_id("stSidebar").get_by_text(f"Signed in as {BOB}")).to_be_visible()
    assert _visible_projects(bob) == {"Beta Fraud"}  # Vault is SECRET: above BPSS, whatever his role
    # A link to alice's project opens one of his own instead (the store refuses hers).
    bob.goto(f"{deployment}/?project=alpha-claims")
    expect(bob.get_by_test_id("stSidebar").get_by_text(f"Signed in as {BOB}")).to_be_visible()
    expect(bob.get_by_text("Alpha Claims")).to_have_count(0)
    assert _visible_projects(bob) == {"Beta Fraud"}
    shot(bob, "signin-bob")

    alice.context.close()
    bob.context.close()


def test_a_person_the_workspace_does_not_know_sees_no_project(deployment: str, browser: Any) -> None:
    from playwright.sync_api import expect

    carol = _sign_in(browser, deployment, "carol")
    expect(carol.get_by_text("not as a user of this workspace")).to_be_visible()
    expect(carol.get_by_text(f"Signed in as: {CAROL}")).to_be_visible()
    assert carol.get_by_role("combobox", name="Project").count() == 0
    for name, _ in PROJECTS:
        expect(carol.get_by_text(name)).to_have_count(0)
    shot(carol, "signin-unregistered")
    carol.context.close()
