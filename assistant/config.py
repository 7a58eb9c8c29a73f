"""Settings: one place for every configurable value, read from `MLOPS_ASSISTANT_*` variables.

Keys are never stored here or on disk: providers read them from the environment when they are built.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository root, for what only a source checkout has (eval cases, reports, caches).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# What the product needs at run time ships inside the package, so a wheel install works as a checkout does.
RESOURCES = Path(__file__).resolve().parent / "resources"


class Settings(BaseSettings):
    # An empty variable counts as unset: `MLOPS_ASSISTANT_HOME=` would otherwise be Path("") (the current folder),
    # and the workspace database and index would silently land wherever the command was run.
    model_config = SettingsConfigDict(env_prefix="MLOPS_ASSISTANT_", extra="ignore", env_ignore_empty=True)

    home: Path = Field(default_factory=lambda: Path.home() / ".mlops-assistant")
    database_url: str | None = None  # default: SQLite file under `home`
    # Who the CLI acts as in a team workspace (access is checked for them); unset: the one local user.
    user: str | None = None
    chroma_host: str | None = None  # set to use a shared `chroma run` server instead of the embedded store
    chroma_port: int = 8000
    # The token the Chroma server's auth proxy (assistant/index/auth_proxy.py) requires; unset: none sent.
    chroma_token: SecretStr | None = None
    embedding_model: str = "all-MiniLM-L6-v2"  # a bundled name, a local path or an installed model id
    embedding_backend: str = "auto"  # auto | onnx-int8 | onnx | torch
    provider: str | None = None  # offline | anthropic | openai | azure | openai-compatible; None: pick from env
    model: str | None = None
    base_url: str | None = None  # OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server)
    max_upload_mb: float = 25.0
    # Per-file ingestion limits (issue 17): a file under the upload limit can still expand into GBs of memory
    # or hours of embedding. Parsing runs in a worker process held to the time and memory limits; the text
    # and chunk limits stop a file before chunking and embedding. Each failure names the limit's variable.
    ingest_parse_timeout_s: float = 120.0
    ingest_parse_memory_mb: int = 2048
    ingest_max_chars: int = 3_000_000
    ingest_max_chunks: int = 6_000
    policy_file: Path | None = None  # organisation's classification policy; None: the built-in default
    knowledge_dir: Path = RESOURCES / "knowledge"
    prompts_dir: Path = RESOURCES / "prompts"
    # Sections in flight at once. 15 drafts a whole document in two waves (section 2 first, for model IDs and
    # the prompt-cache write; then the rest): 5.3x faster than one at a time in benchmarks/bench_draft.py.
    # Lower it for a provider with a tight rate limit (429s are retried with backoff either way).
    draft_concurrency: int = 15
    request_timeout_s: float = 60.0

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'workspace.db'}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing the environment."""
    settings = Settings()
    settings.home.mkdir(parents=True, exist_ok=True, mode=0o700)  # project material: owner only
    return settings
