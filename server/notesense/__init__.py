"""notesense: your own Markdown notes as editor knowledge (completions, hovers, quick-fixes, lint)."""

__version__ = "0.2.0"
