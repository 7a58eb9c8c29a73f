"""Blocks -> retrieval chunks of about 200 tokens that respect headings and keep table rows whole.

A requirement (a paragraph that starts with a requirement ID) and a table row are each their own
chunk, so "what does NFR-P-003 require?" retrieves exactly that statement. Prose under one heading on
one page is packed together up to the budget; longer prose is split by LangChain's recursive splitter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.documents.ids import find_document_ids, find_requirement_ids, starts_with_requirement_id
from assistant.documents.parsers import Block

CHUNK_TOKENS = 200
# About four characters per token for English prose with the MiniLM word-piece tokenizer.
CHARS_PER_TOKEN = 4
# Table rows and requirements are kept whole up to this size; beyond it they are split.
MAX_ATOMIC_TOKENS = 512


@dataclass
class Chunk:
    text: str
    index: int
    page: int | None = None
    heading_path: tuple[str, ...] = ()
    kind: str = "text"  # text | requirement | table_row
    requirement_ids: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)

    @property
    def embedding_text(self) -> str:
        """What is embedded and BM25-indexed: the heading path gives a short chunk its context."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def estimate_tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def _splitter(tokens: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=tokens * CHARS_PER_TOKEN,
        chunk_overlap=max(0, tokens * CHARS_PER_TOKEN // 8),
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
    )


def chunk_blocks(blocks: list[Block], *, chunk_tokens: int = CHUNK_TOKENS) -> list[Chunk]:
    chunks: list[Chunk] = []
    buffer: list[Block] = []

    def emit(text: str, like: Block, kind: str) -> None:
        ids = find_requirement_ids(text)
        # A requirement written as a heading ("### NFR-P-003 Latency") owns the text beneath it.
        if like.heading_path and starts_with_requirement_id(like.heading_path[-1]):
            ids = list(dict.fromkeys(find_requirement_ids(like.heading_path[-1])[:1] + ids))
        chunks.append(
            Chunk(
                text=text,
                index=len(chunks),
                page=like.page,
                heading_path=like.heading_path,
                kind=kind,
                requirement_ids=ids,
                document_ids=find_document_ids(text),
            )
        )

    def flush() -> None:
        if not buffer:
            return
        text = "\n".join(block.text for block in buffer)
        if estimate_tokens(text) > chunk_tokens:
            for piece in _splitter(chunk_tokens).split_text(text):
                emit(piece, buffer[0], "text")
        else:
            emit(text, buffer[0], "text")
        buffer.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            continue
        atomic_kind = (
            "table_row" if block.kind == "table_row" else "requirement" if starts_with_requirement_id(block.text) else None
        )
        if atomic_kind is not None:
            flush()
            if estimate_tokens(block.text) > MAX_ATOMIC_TOKENS:
                pieces = _splitter(chunk_tokens).split_text(block.text)
                ids = find_requirement_ids(block.text)
                for piece in pieces:
                    emit(piece, block, atomic_kind)
                    # Every piece of a long requirement still answers to its ID.
                    chunks[-1].requirement_ids = list(dict.fromkeys(ids[:1] + chunks[-1].requirement_ids))
            else:
                emit(block.text, block, atomic_kind)
            continue
        if buffer and (
            block.page != buffer[0].page
            or block.heading_path != buffer[0].heading_path
            or estimate_tokens("\n".join(b.text for b in buffer) + block.text) > chunk_tokens
        ):
            flush()
        buffer.append(block)
    flush()
    # A heading with no body (only sub-headings) produces no chunk; re-number densely.
    for number, chunk in enumerate(chunks):
        chunk.index = number
    return chunks
