"""Ingestion: parse uploaded files into chunks with page, heading path and requirement IDs, and index them."""

from assistant.ingest.pipeline import (
    Ingestor,
    IngestResult,
    ProgressEvent,
    expand_paths,
    ingest_file,
    ingest_paths,
    list_documents,
    remove_document,
)

__all__ = [
    "IngestResult",
    "Ingestor",
    "ProgressEvent",
    "expand_paths",
    "ingest_file",
    "ingest_paths",
    "list_documents",
    "remove_document",
]
