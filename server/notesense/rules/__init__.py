"""notesense.rules"""
