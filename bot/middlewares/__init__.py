"""Outer middlewares, in the order they run for every update: one update per user at a time,
a database session, the applicant row, then the language (aiogram-i18n)."""
