"""okrdesk: offline strategy mapping on one SQLite file."""

__version__ = "0.1.0"
