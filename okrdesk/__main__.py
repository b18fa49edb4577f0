"""`python -m okrdesk` runs the same command line as the `okrdesk` script."""

from okrdesk.cli import run_and_exit

run_and_exit()
