"""`python -m okrdesk` runs the same command line as the `okrdesk` script."""

import sys

from okrdesk.cli import main

sys.exit(main())
