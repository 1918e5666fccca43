"""notesense.features"""
