"""Where a line ends, as Python, the editors and the LSP count it: `\\r\\n`, `\\r` and `\\n` each end one.
One definition for every reader of positions (documents, cells, the tolerant parse, rules, the LSP)."""

from __future__ import annotations

import re

LINE_END = re.compile(r"\r\n|\r|\n")
