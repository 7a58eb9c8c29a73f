"""Import an ArcKit project folder (`projects/001-name/`) or a zip of one, in one step.

Every ARC document of the folder (and its sub-folders: decisions/, research/, diagrams/ ...) is ingested, with the
repository's global documents beside it (`projects/000-global/`: the principles every project follows); the
project's number and name come from the project's own documents' Document Control (the folder name when they say
nothing). Strategies the assistant writes (ARC-NNN-MLOPS-*) are its output, so they are not read as sources.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.documents.markings import RANK
from assistant.documents.parsers import check_zip_safety
from assistant.errors import IngestError
from assistant.facts import read_document_info
from assistant.ingest.pipeline import Ingestor, IngestResult, ProgressCallback, read_upload
from assistant.workspace import Workspace, get_workspace, slugify

_ARC_FILE = re.compile(r"^ARC-(?P<num>\d{3})-(?P<code>[A-Z]{2,12})(?:-\d{3})?-v\d+(?:\.\d+)?\.(?:md|markdown|docx|pdf)$")
_OWN_OUTPUT = {"MLOPS", "MLOP"}
_FOLDER = re.compile(r"^(?P<num>\d{3})-(?P<slug>[a-z0-9][a-z0-9-]*)$")


@dataclass
class ArcKitProject:
    folder: Path
    number: str
    name: str
    key: str
    files: list[Path] = field(default_factory=list)  # the project's own documents, then the global ones
    classification: str | None = None
    shared: int = 0  # how many of `files` are the repository's global documents


def arc_files(folder: Path) -> list[Path]:
    """The ARC documents under `folder` (hidden folders skipped), without the assistant's own strategies."""
    found = []
    for path in sorted(folder.rglob("ARC-*")):
        if not path.is_file() or any(p.startswith(".") for p in path.relative_to(folder).parts):
            continue
        m = _ARC_FILE.match(path.name)
        if m and m.group("code") not in _OWN_OUTPUT:
            found.append(path)
    return found


def is_arckit_folder(path: Path) -> bool:
    return path.is_dir() and bool(arc_files(path))


GLOBAL_FOLDER = "000-global"


def global_files(folder: Path) -> list[Path]:
    """The organisation-wide ARC documents (principles, standards) ArcKit keeps beside the project folders in
    `projects/000-global/`: every project of the repository is bound by them."""
    shared = folder.parent / GLOBAL_FOLDER
    return arc_files(shared) if folder.name != GLOBAL_FOLDER and shared.is_dir() else []


def read_project(folder: Path) -> ArcKitProject:
    """Project number, name and marking from the ARC documents' Document Control; the repository's global
    documents are taken too (they count for the marking, not for the project's number or name)."""
    own = arc_files(folder)
    if not own:
        raise IngestError(f"{folder}: holds no ArcKit documents (files named ARC-NNN-TYPE-vX.Y.md).")
    files, mine = own + global_files(folder), set(own)
    numbers: Counter[str] = Counter()
    names: Counter[str] = Counter()
    levels: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace") if path.suffix in (".md", ".markdown") else ""
        info = read_document_info(text, path.name)
        if info.project_number and path in mine:
            numbers[info.project_number] += 1
        if info.project_name and path in mine:
            names[info.project_name] += 1
        if info.classification:
            levels.append(info.classification.split()[0])
    folder_match = _FOLDER.match(folder.name)
    number = numbers.most_common(1)[0][0] if numbers else (folder_match.group("num") if folder_match else "001")
    name = names.most_common(1)[0][0] if names else (
        folder_match.group("slug").replace("-", " ").title() if folder_match else folder.name)
    key = slugify(folder_match.group("slug") if folder_match else name)
    top = max((lvl for lvl in levels if lvl in RANK), key=RANK.__getitem__, default=None)
    return ArcKitProject(folder=folder, number=number, name=name, key=key, files=files, classification=top,
                         shared=len(files) - len(own))


def ensure_project(project: ArcKitProject, *, key: str | None = None, workspace: Workspace | None = None) -> str:
    """The workspace project for an ArcKit project (created with its number, name and marking if new); its
    classification is raised to the documents' marking, never lowered."""
    ws = workspace or get_workspace()
    key = key or project.key
    record = ws.get_project(key) if key else None
    if record is None:
        taken = any(p.project_id == project.number for p in ws.list_projects())
        record = ws.create_project(project.name, key=slugify(key), project_id=None if taken else project.number,
                                   classification=project.classification or "OFFICIAL")
    elif project.classification and RANK.get(project.classification, 0) > RANK.get(record.classification, 0):
        record = ws.update_project(record.key, classification=project.classification)
    return record.key


def ingest_arckit_folder(folder: str | Path, *, project: str | None = None,
                         on_progress: ProgressCallback | None = None) -> tuple[str, list[IngestResult]]:
    """Ingest every ARC document of an ArcKit project folder; returns (project key, one result per file)."""
    found = read_project(Path(folder).expanduser())
    key = ensure_project(found, key=project)
    ingestor = Ingestor(key)
    return key, [ingestor.ingest_file(path, on_progress) for path in found.files]


def _project_root(root: Path) -> Path:
    """The folder of a zip's contents that holds the ARC documents (the zip may wrap it in parent folders)."""
    candidates = sorted({p.parent for p in arc_files(root)}, key=lambda p: len(p.parts))
    if not candidates:
        raise IngestError("the zip holds no ArcKit documents (files named ARC-NNN-TYPE-vX.Y.md).")
    # a zip of the repository's projects/ holds the global folder beside the project: the project is the import
    own = [p for p in candidates if GLOBAL_FOLDER not in p.parts]
    top = (own or candidates)[0]
    # Documents in decisions/ or research/ sit one level below the project folder itself.
    return top.parent if top.name in ("decisions", "research", "diagrams", "wardley-maps", "reviews") else top


def unpack_zip(path: str | Path, into: Path) -> Path:
    """Unpack a zipped ArcKit project into `into` (size, bomb and path checks first); returns its project folder."""
    path = Path(path)
    data = read_upload(path)
    check_zip_safety(path, data)
    root = into.resolve()
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if not str((root / member.filename).resolve()).startswith(str(root)):
                    raise IngestError(f"{path.name}: member {member.filename!r} would unpack outside the folder.")
            archive.extractall(root)
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{path.name}: is a damaged zip archive ({exc}).") from exc
    return _project_root(root)


def ingest_arckit_zip(path: str | Path, *, project: str | None = None,
                      on_progress: ProgressCallback | None = None) -> tuple[str, list[IngestResult]]:
    """Ingest a zipped ArcKit project folder (what the app's upload receives)."""
    with tempfile.TemporaryDirectory() as tmp:
        return ingest_arckit_folder(unpack_zip(path, Path(tmp)), project=project, on_progress=on_progress)
