"""notesense.compile"""
