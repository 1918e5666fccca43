"""notesense.analysis"""
