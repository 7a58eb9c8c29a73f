"""MLOps Strategy Assistant: drafts and reviews ArcKit MLOps Strategies, grounded in evidence."""

__version__ = "0.1.0"
