"""Outer middlewares, in the order they run for every update: a database session (which also
closes the update's inbox row), the applicant row, the language (aiogram-i18n), then the turn."""
