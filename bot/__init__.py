"""Telegram transport: aiogram handlers, rendering, middlewares, runners and the CLI."""
