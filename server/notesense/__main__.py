"""`python -m notesense` is the `notesense` command."""

import sys

from notesense.cli import main

sys.exit(main())
