"""Bundled data (samples, fonts, templates, icons), installed as the package okrdesk.resources."""
