"""notesense.lint"""
