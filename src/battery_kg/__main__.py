"""``python -m battery_kg`` runs the command line."""

from battery_kg.cli import main

main()
