"""Turning engine results into Telegram messages: HTML text and keyboards."""
