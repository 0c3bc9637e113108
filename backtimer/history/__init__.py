"""The session history: SQLite store, recorder and export. Imports no UI.

Kept empty so that importing one part (say, the store for `history --json`) never
loads the others.
"""
