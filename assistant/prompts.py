"""Registry of the versioned prompt files in `prompts/` (decision 6).

Layout: `prompts/<id>/<MAJOR.MINOR.PATCH>.yaml`, one file per prompt and version, with
`id`, `version`, `purpose`, `parameters` ({name: {description, required, default}}), `changelog`,
and Jinja2 templates `system` and `user`. The registry

* checks the file name matches the declared id and version, and that the templates use only
  declared parameters;
* computes `Prompt.hash`: sha256 of the normalised templates and metadata (line endings, trailing
  spaces and the changelog do not count);
* refuses two different texts under one id and version: two files declaring the same version with
  different hashes, or a file whose hash differs from the one recorded for its version in
  `prompts/prompts.lock` (released versions are frozen; bump the version to change the text).
  `update_lockfile()` records new versions.

Rendering uses StrictUndefined, and `Prompt.render` raises if a required parameter is missing or an
unknown one is given. Untrusted text (evidence, passages, documents) is placed inside a delimiter
given as a parameter; the `undelimit` filter removes the delimiter from that text so it cannot close
the block early.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import get_settings
from assistant.errors import AssistantError, InvalidInputError

LOCKFILE_NAME = "prompts.lock"
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class PromptError(InvalidInputError):
    """A prompt file that is malformed, or a render call with the wrong parameters."""


class PromptVersionConflictError(PromptError):
    """Two different texts under one prompt id and version."""


class PromptNotFoundError(AssistantError):
    """No prompt with that id (or version)."""


def semver_key(version: str) -> tuple[Any, ...]:
    """Sort key for semantic versions; a pre-release sorts before its release."""
    match = _SEMVER.match(version)
    if not match:
        raise PromptError(f"version {version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    major, minor, patch, pre = match.groups()
    pre_key: tuple[Any, ...] = (1,) if pre is None else (0, *[(0, int(p), "") if p.isdigit() else (1, 0, p)
                                                          for p in pre.split(".")])
    return (int(major), int(minor), int(patch), pre_key)


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    required: bool = True
    default: Any = None


class PromptFile(BaseModel):
    """The schema of one prompt file."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    purpose: str
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    output: str | None = None  # the name of the structured output model, for readers
    changelog: list[str] | str | None = None
    system: str = ""
    user: str


@dataclass(frozen=True)
class RenderedPrompt:
    """A rendered prompt: `system` and `user` text plus the identity to record in the audit log."""

    id: str
    version: str
    hash: str
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """The user turn as provider messages (`system` goes in `system=`)."""
        return [{"role": "user", "content": self.user}]


def _normalise(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["undelimit"] = lambda text, delimiter: str(text).replace(str(delimiter), "")
    env.filters["tojson_pretty"] = lambda value: json.dumps(value, indent=2, ensure_ascii=False)
    return env


_ENV = _environment()


class Prompt:
    """One prompt id at one version, loaded from its file."""

    def __init__(self, spec: PromptFile, path: Path | None = None) -> None:
        self.spec = spec
        self.path = path
        self.id = spec.id
        self.version = spec.version
        self.purpose = spec.purpose
        self.parameters = spec.parameters
        where = str(path) if path else f"{spec.id}@{spec.version}"
        try:
            self._system = _ENV.from_string(_normalise(spec.system))
            self._user = _ENV.from_string(_normalise(spec.user))
            used = set()
            for source in (spec.system, spec.user):
                used |= meta.find_undeclared_variables(_ENV.parse(_normalise(source)))
        except TemplateError as exc:
            raise PromptError(f"{where}: template error: {exc}") from exc
        undeclared = sorted(used - set(spec.parameters))
        if undeclared:
            raise PromptError(f"{where}: the template uses undeclared parameter(s) {undeclared}; "
                              f"declare them under `parameters`.")
        self.hash = self.compute_hash(spec)

    @staticmethod
    def compute_hash(spec: PromptFile) -> str:
        """sha256 over the normalised templates and metadata (changelog excluded)."""
        canonical = {
            "id": spec.id, "version": spec.version, "purpose": _normalise(spec.purpose),
            "parameters": {k: v.model_dump() for k, v in sorted(spec.parameters.items())},
            "output": spec.output, "system": _normalise(spec.system), "user": _normalise(spec.user),
        }
        blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def render(self, **params: Any) -> RenderedPrompt:
        """Render with every required parameter given; unknown parameters are an error too."""
        missing = sorted(n for n, p in self.parameters.items() if p.required and n not in params)
        unknown = sorted(set(params) - set(self.parameters))
        if missing or unknown:
            parts = ([f"missing required parameter(s) {missing}"] if missing else []) + (
                [f"unknown parameter(s) {unknown}"] if unknown else [])
            raise PromptError(f"prompt {self.id}@{self.version}: {'; '.join(parts)}. "
                              f"Declared: {sorted(self.parameters)}.")
        values = {n: p.default for n, p in self.parameters.items() if not p.required}
        values.update(params)
        try:
            system = self._system.render(**values).strip()
            user = self._user.render(**values).strip()
        except TemplateError as exc:
            raise PromptError(f"prompt {self.id}@{self.version}: cannot render: {exc}") from exc
        return RenderedPrompt(id=self.id, version=self.version, hash=self.hash, system=system, user=user)

    def __repr__(self) -> str:
        return f"Prompt({self.id}@{self.version}, {self.hash[:12]})"


class PromptRegistry:
    """All prompts under one folder, checked once when loaded."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._prompts: dict[str, dict[str, Prompt]] = {}
        self._load()

    def _load(self) -> None:
        if not self.root.is_dir():
            raise PromptError(f"{self.root}: the prompts folder does not exist")
        lock = read_lockfile(self.root)
        for path in sorted(self.root.glob("*/*.y*ml")):
            prompt = load_prompt_file(path)
            expected = (path.parent.name, path.stem)
            if (prompt.id, prompt.version) != expected:
                raise PromptError(f"{path}: declares {prompt.id}@{prompt.version}; the file must be "
                                  f"prompts/{prompt.id}/{prompt.version}.yaml")
            versions = self._prompts.setdefault(prompt.id, {})
            existing = versions.get(prompt.version)
            if existing is not None and existing.hash != prompt.hash:
                raise PromptVersionConflictError(
                    f"{path} and {existing.path}: two different texts for {prompt.id}@{prompt.version}. "
                    f"Give the changed text a new version.")
            recorded = lock.get(f"{prompt.id}@{prompt.version}")
            if recorded is not None and recorded != prompt.hash:
                raise PromptVersionConflictError(
                    f"{path}: {prompt.id}@{prompt.version} differs from the text released under that "
                    f"version (hash {recorded[:12]} in {LOCKFILE_NAME}, now {prompt.hash[:12]}). "
                    f"Released versions are frozen: copy the file to a new version and edit that.")
            versions[prompt.version] = prompt

    def ids(self) -> list[str]:
        return sorted(self._prompts)

    def versions(self, prompt_id: str) -> list[str]:
        return sorted(self._prompts.get(prompt_id, {}), key=semver_key)

    def get(self, prompt_id: str, version: str | None = None) -> Prompt:
        versions = self._prompts.get(prompt_id)
        if not versions:
            raise PromptNotFoundError(f"no prompt {prompt_id!r} in {self.root}; known: {self.ids()}")
        if version is None:
            version = max(versions, key=semver_key)
        if version not in versions:
            raise PromptNotFoundError(f"prompt {prompt_id!r} has no version {version!r}; "
                                      f"known: {self.versions(prompt_id)}")
        return versions[version]

    def all(self) -> list[Prompt]:
        return [self._prompts[i][v] for i in self.ids() for v in self.versions(i)]


def load_prompt_file(path: Path) -> Prompt:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PromptError(f"{path}: cannot read the prompt file: {exc}") from exc
    if not isinstance(data, dict):
        raise PromptError(f"{path}: expected a mapping with id, version, purpose, parameters, user")
    data["version"] = str(data.get("version", ""))
    try:
        spec = PromptFile.model_validate(data)
    except ValidationError as exc:
        raise PromptError(f"{path}: {exc}") from exc
    if not _ID.match(spec.id):
        raise PromptError(f"{path}: id {spec.id!r} must be lower_snake_case")
    semver_key(spec.version)
    return Prompt(spec, path)


def read_lockfile(root: Path) -> dict[str, str]:
    path = Path(root) / LOCKFILE_NAME
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PromptError(f"{path}: cannot read: {exc}") from exc
    return {str(k): str(v) for k, v in data.items()}


def update_lockfile(root: Path | None = None) -> dict[str, str]:
    """Record the hash of every prompt version not yet in `prompts.lock` (a release step)."""
    root = Path(root) if root else _default_root()
    registry = PromptRegistry(root)  # raises first if a recorded version was edited
    lock = read_lockfile(root)
    for prompt in registry.all():
        lock.setdefault(f"{prompt.id}@{prompt.version}", prompt.hash)
    header = "# id@version: sha256 of the normalised prompt. Released versions are frozen.\n"
    (root / LOCKFILE_NAME).write_text(header + yaml.safe_dump(dict(sorted(lock.items()))), encoding="utf-8")
    get_registry.cache_clear()
    return lock


def _default_root() -> Path:

    return get_settings().prompts_dir


@lru_cache(maxsize=4)
def get_registry(root: Path | None = None) -> PromptRegistry:
    return PromptRegistry(root or _default_root())


def get_prompt(prompt_id: str, version: str | None = None) -> Prompt:
    """The prompt at `version`, or its latest version by semver."""
    return get_registry().get(prompt_id, version)
