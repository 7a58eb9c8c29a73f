"""Retrieval: embeddings, the Chroma store, the knowledge base collection and hybrid search.

Import the submodules directly (`from assistant.retrieval.search import search`): importing this package
loads no model and opens no store.
"""
