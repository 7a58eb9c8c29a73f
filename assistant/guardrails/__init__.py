"""Guardrails: classification policy, PII redaction, injection screening, output checks (DESIGN decision 5).

`gate.enforce_outbound` is the one choke point before any prompt leaves the process; `screen.screen_text`
screens chunks and chat input; `output.check_output` runs before anything generated is saved.
"""
