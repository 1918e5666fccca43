"""notesense.notes"""
