"""notesense.library"""
