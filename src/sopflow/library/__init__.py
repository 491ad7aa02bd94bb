"""The library: where documents live once captured or written.

Versioned storage with stable codes, links between documents and ranked full-text search,
on SQLite by default and PostgreSQL for scale. Services take a connection and keyword
arguments and speak in model types; nothing here knows about HTTP or the terminal.
"""
