"""One module per view; each has `render()` and reads the selected project from `assistant.ui.state`."""
