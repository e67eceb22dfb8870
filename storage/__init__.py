"""Persistence: SQLModel tables, repositories, the file store and migrations."""
