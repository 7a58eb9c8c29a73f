"""`python -m assistant ...` is the `mlops-assistant` command (useful from a worktree or without the script)."""

from assistant.cli import main

main()
