"""Qt views: the main window, panels, canvases, the document facade and its undo commands."""
