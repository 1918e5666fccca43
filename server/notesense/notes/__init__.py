"""notesense.notes: reading a developer's notes into `Note`s the compiler can use.

    reader.discover(paths)          note files under folders, sorted, duplicates and hidden folders skipped
    reader.load_note(path, display) bytes → text (UTF-8/BOM/UTF-16/GB18030, any line ending) → front matter
                                    (frontmatter) → notebook cells (ipynb) → sections (markdown)
    code.clean(block)               a code block classified by content and cleaned into Python (cleanup,
                                    repl, classify), with outputs, set-aside lines and syntax errors

Everything is pure and deterministic, nothing a note contains is ever executed, and every line keeps
its line number in the note file so that reports point where the user wrote the text.
"""
