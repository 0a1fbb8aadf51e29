"""One cog per feature, loaded as extensions by `bot.client.DebateBot.setup_hook`."""
