"""Command modules of the ``battery-kg`` CLI. Each exposes ``COMMANDS``: a list of click commands.

Shared options live in :mod:`battery_kg.commands.options`.
"""
