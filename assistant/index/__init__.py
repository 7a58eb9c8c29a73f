"""The index: sentence-transformers embeddings and the Chroma vector store (embedded or a `chroma run` server).

A leaf package: ingestion writes to it, retrieval and the injection screen read from it, and it imports none of them.
"""
