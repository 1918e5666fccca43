"""`notesense demo`: what the editor would show, in the terminal, on the bundled example project."""
