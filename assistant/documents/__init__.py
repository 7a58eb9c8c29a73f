"""Documents: parse files into blocks, chunk them, find requirement and document IDs and protective markings.

A leaf package (it imports only config and errors): ingestion, retrieval, guardrails and review all read
documents, so what they share lives here and none of them imports another to get it.
"""
