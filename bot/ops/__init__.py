"""Running the bot for real: metrics, the health and metrics endpoint, logs, shutdown, backups."""
