"""Understanding a Python file: its imports and aliases, the kinds of its names, the symbol at a position."""
