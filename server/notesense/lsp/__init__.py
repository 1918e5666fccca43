"""notesense.lsp"""
